/**
 * The `/metrics` route over a real socket after turns on both routes against fault upstreams:
 * the figures an operator reads (attempts by reason, a fallback, the breaker gauge, time to first
 * token, draft acceptance, cost), in Prometheus' text format, behind `authorize`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import { createCascadeHandler } from '../handler.js';
import { serveNode } from '../node/index.js';
import { parseExposition, sampleSum } from './__fixtures__/exposition.js';
import { prometheusMetrics } from './index.js';

const rig = upstreamRig();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await rig.close();
});

const KEY = 'Bearer scrape-key';
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: KEY },
  body: JSON.stringify(body),
});
const messages = [{ role: 'user', content: 'Say hello' }];

describe('GET /metrics', () => {
  it('after a 500, a fallback, an open breaker and a skipped model, on both routes', async () => {
    const draft = await rig.upstream('openai', { tokens: ['Quick ', 'draft.'] });
    const primary = await rig.upstream('openai', { status: 500 });
    const backup = await rig.upstream('anthropic');
    const price = { inputPerMTok: 1, outputPerMTok: 2 };
    const metrics = prometheusMetrics();
    const handler = createCascadeHandler(
      {
        chains: {
          c: {
            draft: [rig.model('draft', draft, { price })],
            final: [
              rig.model('primary', primary, { breaker: { consecutiveFailures: 1, cooldownMs: 60_000 } }),
              rig.model('backup', backup, { price, breaker: {} }),
            ],
          },
        },
        logger: { warn: () => {}, error: () => {} },
        authorize: (request) =>
          request.headers.get('authorization') === KEY ? 'ops' : new Response('no key', { status: 401 }),
        telemetry: metrics,
      },
      { routes: { '/metrics': metrics.route() } },
    );
    const server = await serveNode(handler);
    closers.push(() => server.close());

    const turn = await fetch(`${server.url}/api/cascade`, json({ messages }));
    await turn.text();
    const gateway = await fetch(`${server.url}/v1/chat/completions`, json({ model: 'c', messages }));
    expect(gateway.status).toBe(200);
    await gateway.json();

    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${server.url}/metrics`, { headers: { authorization: KEY } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(await scrape.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      sampleSum(samples, `cascadekit_${name}`, labels);

    expect(value('turns_total', { route: '/api/cascade', outcome: 'final' })).toBe(1);
    expect(value('turns_total', { route: '/v1/chat/completions', outcome: 'final' })).toBe(1);
    // The first turn's 500 opened the breaker (one failure), so the second skipped the model.
    expect(value('attempts_total', { model: 'primary', outcome: 'failed', reason: 'http-status' })).toBe(1);
    expect(value('attempts_total', { model: 'primary', outcome: 'skipped', reason: 'breaker-open' })).toBe(1);
    expect(value('attempts_total', { model: 'backup', outcome: 'ok' })).toBe(2);
    expect(value('fallbacks_total', { model: 'primary', reason: 'http-status' })).toBe(1);
    expect(value('fallbacks_total', { model: 'primary', reason: 'breaker-open' })).toBe(1);
    expect(value('breaker_state', { model: 'primary', state: 'open' })).toBe(1);
    expect(value('breaker_state', { model: 'primary', state: 'closed' })).toBe(0);
    expect(value('breaker_state', { model: 'backup', state: 'closed' })).toBe(1);
    expect(value('time_to_first_token_seconds_count', { route: '/api/cascade', lane: 'final' })).toBe(1);
    expect(value('time_to_first_token_seconds_count', { route: '/api/cascade', lane: 'draft' })).toBe(1);
    expect(value('turn_duration_seconds_count')).toBe(2);
    expect(value('turn_duration_seconds_bucket', { le: '+Inf' })).toBe(2);
    // The final answer replaced the draft in the cascade turn; the gateway runs no draft.
    expect(value('drafts_total', { outcome: 'replaced' })).toBe(1);
    expect(value('drafts_total')).toBe(1);
    expect(value('tokens_total', { model: 'draft', served: 'false', direction: 'output' })).toBeGreaterThan(0);
    expect(value('tokens_total', { model: 'backup', served: 'true', direction: 'output' })).toBeGreaterThan(0);
    expect(value('cost_usd_total', { model: 'backup' })).toBeGreaterThan(0);
    expect(value('turns_active')).toBe(0);
  });
});
