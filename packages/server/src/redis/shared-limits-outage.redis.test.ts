/**
 * Two server instances behind a round-robin proxy, sharing a real Redis: a principal's limits
 * count across both, and Redis killed mid-turn costs no turn (each instance logs one warning and
 * goes on with its own state), then Redis back is used again.
 */
import { type CascadeEvent, decodeEventStream } from '@cascadekit/core';
import { afterEach, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../__fixtures__/redis-server.js';
import { startSharedInstances, whenConnected } from '../__fixtures__/shared-instances.js';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import type { CascadeConfig } from '../config/types.js';
import { DEFAULT_TOKENS, type UpstreamScript } from '../testing/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rig.close();
});

async function redis(): Promise<RedisServer> {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  return server;
}

const rig = upstreamRig();
const upstream = (script: UpstreamScript = {}) => rig.upstream('openai', script);
const { model } = rig;

async function two(server: RedisServer, config: Omit<CascadeConfig, 'breakerStore' | 'limitStore' | 'logger'>) {
  const shared = await startSharedInstances(2, server.url, 'limits:', config);
  cleanups.push(() => shared.close());
  await whenConnected(shared.instances);
  return shared;
}

const ask = (baseUrl: string) =>
  fetch(`${baseUrl}/api/cascade`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello?' }] }),
  });

async function eventsOf(response: Response): Promise<CascadeEvent[]> {
  const all: CascadeEvent[] = [];
  for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) all.push(event);
  return all;
}

const answer = (all: CascadeEvent[]) =>
  all
    .filter((event): event is Extract<CascadeEvent, { type: 'delta' }> => event.type === 'delta')
    .map((event) => event.text)
    .join('');

it("counts a principal's turns across instances: the fourth of three allowed gets 429, whichever instance it reaches", async () => {
  const server = await redis();
  const up = await upstream();
  const { proxy } = await two(server, {
    chains: { c: { final: [model('m', up)] } },
    limits: { turns: { max: 3, windowMs: 60_000 } },
  });
  for (let i = 0; i < 3; i++) {
    const response = await ask(proxy.url);
    expect(response.status).toBe(200);
    expect(answer(await eventsOf(response))).toBe(DEFAULT_TOKENS.join(''));
  }
  const refused = await ask(proxy.url);
  expect(refused.status).toBe(429);
  expect(await refused.json()).toMatchObject({ error: { code: 'turn_rate_limited' } });
  expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
});

it("holds a principal's concurrent turns across instances: a second turn on B while one runs on A gets 429", async () => {
  const server = await redis();
  const up = await upstream({ tokenDelayMs: 100 });
  const { instances } = await two(server, {
    chains: { c: { final: [model('m', up)] } },
    limits: { concurrentTurns: 1 },
  });
  const running = await ask(instances[0]!.server.url);
  expect(running.status).toBe(200);
  const second = await ask(instances[1]!.server.url);
  expect(second.status).toBe(429);
  expect(await second.json()).toMatchObject({ error: { code: 'concurrency_limited' } });
  expect(answer(await eventsOf(running))).toBe(DEFAULT_TOKENS.join(''));
  // The slot was given back when the turn ended.
  const third = await ask(instances[1]!.server.url);
  expect(third.status).toBe(200);
  await eventsOf(third);
});

it('Redis killed mid-turn: the turn and every later one succeed, one warning per instance; Redis back is shared again', async () => {
  const server = await redis();
  const slow = await upstream({ tokenDelayMs: 60 });
  const failing = await upstream({ status: 500 });
  const shared = await two(server, {
    chains: {
      c: { final: [model('m', slow, { breaker: { consecutiveFailures: 3 } })] },
      f: {
        final: [model('flaky', failing, { breaker: { consecutiveFailures: 2, cooldownMs: 60_000 } }), model('m', slow)],
      },
    },
    limits: { turns: { max: 100, windowMs: 60_000 } },
  });
  const [a, b] = shared.instances;

  const inFlight = await ask(a!.server.url);
  expect(inFlight.status).toBe(200);
  const reader = eventsOf(inFlight);
  await new Promise((resolve) => setTimeout(resolve, 90)); // first token is out
  await server.kill();
  expect(answer(await reader)).toBe(DEFAULT_TOKENS.join(''));

  for (let i = 0; i < 4; i++) {
    const response = await ask(shared.proxy.url);
    expect(response.status).toBe(200);
    const all = await eventsOf(response);
    expect(all.some((event) => event.type === 'settled')).toBe(true);
    expect(answer(all)).toBe(DEFAULT_TOKENS.join(''));
  }
  for (const { logger } of shared.instances) {
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/Redis failed; breakers and limits are kept in this process/);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  }

  await server.restart();
  await whenConnected(shared.instances);
  const chain = (url: string) =>
    fetch(`${url}/api/cascade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chain: 'f', messages: [{ role: 'user', content: 'Hello?' }] }),
    }).then(eventsOf);
  for (let i = 0; i < 2; i++) await chain(a!.server.url);
  const before = failing.requests.length;
  const onB = await chain(b!.server.url);
  expect(failing.requests.length).toBe(before);
  expect(onB).toContainEqual(
    expect.objectContaining({ type: 'attempt-failed', model: 'flaky', reason: 'breaker-open' }),
  );
  for (const { logger } of shared.instances) {
    expect(logger.lines.filter((line) => line.level === 'info').map((line) => line.message)).toContainEqual(
      expect.stringMatching(/Redis answers again/),
    );
  }
});
