/**
 * Breakers shared through a real Redis by three server instances behind a round-robin proxy: a
 * model that fails on one instance is skipped by the others, and once the cooldown has passed a
 * burst across every instance sends the model exactly one probe.
 */
import { type CascadeEvent, decodeEventStream } from '@cascadekit/core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../__fixtures__/redis-server.js';
import { type SharedInstances, startSharedInstances, whenConnected } from '../__fixtures__/shared-instances.js';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import { DEFAULT_TOKENS, type FakeUpstream } from '../testing/index.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rig.close();
});

let prefixes = 0;
/** Keys of each test apart, on the one server of this file. */
const prefix = () => `test-${process.pid}-${++prefixes}:`;

const rig = upstreamRig();
const upstream = () => rig.upstream('openai');
const { model } = rig;

async function instances(count: number, primary: FakeUpstream, backup: FakeUpstream, cooldownMs: number) {
  const shared: SharedInstances = await startSharedInstances(count, redis.url, prefix(), {
    chains: {
      c: {
        final: [
          model('primary', primary, { breaker: { consecutiveFailures: 2, cooldownMs } }),
          model('backup', backup),
        ],
      },
    },
  });
  cleanups.push(() => shared.close());
  await whenConnected(shared.instances);
  return shared;
}

async function turn(baseUrl: string): Promise<CascadeEvent[]> {
  const response = await fetch(`${baseUrl}/api/cascade`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello?' }] }),
  });
  expect(response.status).toBe(200);
  const all: CascadeEvent[] = [];
  for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) all.push(event);
  return all;
}

const settled = (all: CascadeEvent[]) =>
  all.find((event): event is Extract<CascadeEvent, { type: 'settled' }> => event.type === 'settled');

it('a model failing on instance A is skipped by instance B without a request', async () => {
  const primary = await upstream();
  const backup = await upstream();
  primary.script = { status: 500 };
  const {
    instances: [a, b],
  } = await instances(2, primary, backup, 60_000);

  for (let i = 0; i < 2; i++) expect(settled(await turn(a!.server.url))?.model).toBe('backup');
  expect(primary.requests).toHaveLength(2);

  const onB = await turn(b!.server.url);
  expect(primary.requests).toHaveLength(2);
  expect(onB).toContainEqual(
    expect.objectContaining({ type: 'attempt-failed', model: 'primary', reason: 'breaker-open' }),
  );
  expect(settled(onB)?.model).toBe('backup');
  const health = (await (await fetch(`${b!.server.url}/api/health`)).json()) as {
    breakers: Record<string, { state: string }>;
  };
  expect(health.breakers.primary?.state).toBe('open');
});

it('after the cooldown, a burst across three instances sends exactly one probe, which closes the breaker', async () => {
  const primary = await upstream();
  const backup = await upstream();
  primary.script = { status: 500 };
  const shared = await instances(3, primary, backup, 300);
  for (let i = 0; i < 2; i++) await turn(shared.proxy.url);
  expect(primary.requests).toHaveLength(2);

  await new Promise((resolve) => setTimeout(resolve, 350));
  // The probe takes a while to answer, so the whole burst arrives while it runs.
  primary.script = { headersDelayMs: 300 };
  const burst = await Promise.all(Array.from({ length: 9 }, () => turn(shared.proxy.url)));
  expect(primary.requests).toHaveLength(3);
  const models = burst.map((all) => settled(all)?.model);
  expect(models.filter((name) => name === 'primary')).toHaveLength(1);
  expect(models.filter((name) => name === 'backup')).toHaveLength(8);
  expect(burst.every((all) => settled(all) !== undefined)).toBe(true);

  // The probe's success closed the breaker for every instance.
  primary.script = {};
  for (const { server } of shared.instances) {
    const all = await turn(server.url);
    expect(settled(all)?.model).toBe('primary');
    expect(
      all
        .filter((event) => event.type === 'delta')
        .map((event) => (event as { text: string }).text)
        .join(''),
    ).toBe(DEFAULT_TOKENS.join(''));
  }
});
