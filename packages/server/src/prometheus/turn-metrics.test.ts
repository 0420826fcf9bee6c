/**
 * What the metrics count per turn, in process with simulated models: what became of the draft,
 * turns cut short by their client, times, and where the metrics live.
 */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ask, events, memoryLogger, post, sim } from '../__fixtures__/harness.js';
import { within } from '../__fixtures__/matrix.js';
import type { ChainConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { parseExposition, sampleSum } from './__fixtures__/exposition.js';
import { type PrometheusMetrics, prometheusMetrics } from './index.js';

const handlerWith = (chain: ChainConfig, metrics: PrometheusMetrics) =>
  createCascadeHandler(
    { chains: { c: chain }, logger: memoryLogger(), telemetry: metrics },
    { routes: { '/metrics': metrics.route({ guard: 'open' }) } },
  );

async function scrape(handler: (request: Request) => Promise<Response>, prefix = 'cascadekit_') {
  const samples = parseExposition(await (await handler(new Request('http://localhost/metrics'))).text());
  return (name: string, labels: Record<string, string> = {}) => sampleSum(samples, `${prefix}${name}`, labels);
}

describe('draft acceptance', () => {
  it.each<[string, ChainConfig, boolean, string, string]>([
    [
      'accepted: the draft stood (early accept)',
      { draft: [sim('fast')], final: [sim('large', { ttftMs: 5_000 })] },
      true,
      'accepted',
      'draft',
    ],
    [
      'accepted: the final lane failed, the draft stood',
      { draft: [sim('fast')], final: [sim('large', { failure: { kind: 'http', status: 500 } })] },
      false,
      'accepted',
      'draft',
    ],
    [
      'replaced: the final answer replaced a finished draft',
      { draft: [sim('fast')], final: [sim('large', { ttftMs: 20 })] },
      false,
      'replaced',
      'final',
    ],
    [
      'superseded: the final settled while the draft still ran',
      { draft: [sim('slow', { tokensPerSecond: 20, sentences: 20 })], final: [sim('large')] },
      false,
      'superseded',
      'final',
    ],
  ])('%s', async (_name, chain, earlyAccept, outcome, winner) => {
    const metrics = prometheusMetrics();
    const handler = handlerWith(chain, metrics);
    await within(handler(post({ ...ask(), earlyAccept })).then(events), 3_000, 'the turn');
    const value = await scrape(handler);
    expect(value('drafts_total', { outcome })).toBe(1);
    expect(value('drafts_total')).toBe(1);
    expect(value('turns_total', { outcome: winner })).toBe(1);
  });
});

describe('a turn its client leaves', () => {
  it('counts as aborted, leaves no turn active, and judges no draft', async () => {
    const metrics = prometheusMetrics();
    const handler = handlerWith(
      { draft: [sim('fast', { tokensPerSecond: 50, sentences: 20 })], final: [sim('large', { tokensPerSecond: 20 })] },
      metrics,
    );
    const client = new AbortController();
    const response = await handler(post(ask(), '/api/cascade', { signal: client.signal }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect((await scrape(handler))('turns_active', { route: '/api/cascade' })).toBe(1);
    client.abort();
    await reader.cancel().catch(() => {});
    await within(
      (async () => {
        while ((await scrape(handler))('turns_total') === 0) await new Promise((r) => setTimeout(r, 2));
      })(),
      2_000,
      'the turn counted',
    );
    const value = await scrape(handler);
    expect(value('turns_total', { outcome: 'aborted' })).toBe(1);
    expect(value('turns_active')).toBe(0);
    expect(value('attempts_total', { reason: 'aborted' })).toBe(2);
    expect(value('drafts_total')).toBe(0);
  });
});

describe('times', () => {
  it("time to first token runs from the turn's start to the lane's first text, fallbacks included", async () => {
    const metrics = prometheusMetrics();
    const handler = handlerWith(
      { final: [sim('down', { failure: { kind: 'http', status: 503 }, headersMs: 40 }), sim('up', { ttftMs: 40 })] },
      metrics,
    );
    await events(await handler(post(ask())));
    const value = await scrape(handler);
    // 40 ms to the first model's error, then 40 ms to the fallback's first token.
    expect(value('time_to_first_token_seconds_sum', { lane: 'final' })).toBeGreaterThanOrEqual(0.079);
    expect(value('attempt_time_to_first_token_seconds_sum', { model: 'up' })).toBeLessThan(
      value('time_to_first_token_seconds_sum', { lane: 'final' }),
    );
    expect(value('turn_duration_seconds_sum')).toBeGreaterThanOrEqual(
      value('time_to_first_token_seconds_sum', { lane: 'final' }),
    );
  });
});

describe('where the metrics live', () => {
  it("in a registry of yours, under a prefix of yours, beside your own metrics; the route answers prom-client's content type", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ app: 'chat' });
    const metrics = prometheusMetrics({ registry, prefix: 'llm_' });
    const handler = handlerWith({ final: [sim('large')] }, metrics);
    await events(await handler(post(ask())));
    const response = await handler(new Request('http://localhost/metrics'));
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    const samples = parseExposition(await response.text());
    expect(sampleSum(samples, 'llm_turns_total', { app: 'chat', chain: 'c', outcome: 'final' })).toBe(1);
    expect(samples.some((s) => s.name.startsWith('cascadekit_'))).toBe(false);
    expect(await registry.getSingleMetricAsString('llm_attempts_total')).toContain('model="large"');
  });
});
