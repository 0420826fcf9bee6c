/**
 * The Redis stores on a real `redis-server`, several connections standing for several instances:
 * one half-open probe however the admissions race, time on the Redis server's clock, counters and
 * leases shared and expiring, and an unreachable Redis answered from this process.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { memoryLogger } from '../__fixtures__/harness.js';
import { type RedisServer, startRedisServer } from '../__fixtures__/redis-server.js';
import { TEST_REDIS_OPTIONS, whenConnected } from '../__fixtures__/shared-instances.js';
import { systemClock } from '../clock.js';
import { CircuitBreaker, resolveBreaker } from '../policies/breaker.js';
import { type RedisStores, redisStores } from './index.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

const opened: RedisStores[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const stores of opened.splice(0)) await stores.close();
});

let prefixes = 0;
async function connections(count: number, logger = memoryLogger()) {
  const prefix = `stores-${process.pid}-${++prefixes}:`;
  const all = Array.from({ length: count }, () =>
    redisStores({ url: redis.url, prefix, logger, options: TEST_REDIS_OPTIONS }),
  );
  opened.push(...all);
  await whenConnected(all.map((stores) => ({ stores })));
  return all;
}

it('admits exactly one probe when 30 admissions over three connections race for a half-open breaker', async () => {
  const stores = await connections(3);
  const policy = resolveBreaker({ consecutiveFailures: 1, cooldownMs: 50 });
  const breakers = stores.map((s) => new CircuitBreaker('m', policy, s.breakerStore, systemClock));
  await breakers[0]!.record(false);
  expect(await breakers[2]!.state()).toBe('open');
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(await breakers[1]!.state()).toBe('half-open');

  const admissions = await Promise.all(Array.from({ length: 30 }, (_, i) => breakers[i % 3]!.admit()));
  const probes = admissions.filter((admission) => admission.probe);
  expect(probes).toHaveLength(1);
  expect(admissions.filter((admission) => admission.admitted)).toHaveLength(1);

  // The probe's verdict, recorded through another connection's breaker, closes it for all.
  await breakers[(admissions.indexOf(probes[0]!) + 1) % 3]!.record(true, probes[0]!.probeId);
  for (const breaker of breakers) expect(await breaker.state()).toBe('closed');
});

it('keeps time on the Redis server clock, whatever this host clock says', async () => {
  const realNow = Date.now;
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_600_000);
  const [stores] = await connections(1);
  // The offset is measured when the connection is ready; give it its round trip.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const client = new Redis(redis.url);
  const [seconds, micros] = await client.time();
  client.disconnect();
  const serverNow = Number(seconds) * 1000 + Number(micros) / 1000;
  expect(Math.abs(stores!.breakerStore.now!() - serverNow)).toBeLessThan(50);
});

it('shares counters, which expire, and slots, which free on release or when their lease runs out', async () => {
  const [a, b] = await connections(2);
  expect(await a!.limitStore.add('turns:1', 2, 200)).toBe(2);
  expect(await b!.limitStore.add('turns:1', 1, 200)).toBe(3);
  expect(await a!.limitStore.get('turns:1')).toBe(3);

  const first = await a!.limitStore.acquire('slots', 2, 150);
  const second = await b!.limitStore.acquire('slots', 2, 10_000);
  expect(first).toEqual(expect.any(String));
  expect(second).toEqual(expect.any(String));
  expect(await a!.limitStore.acquire('slots', 2, 10_000)).toBeNull();
  await b!.limitStore.release('slots', second!);
  const third = await a!.limitStore.acquire('slots', 2, 10_000);
  expect(third).toEqual(expect.any(String));
  expect(await b!.limitStore.acquire('slots', 2, 10_000)).toBeNull();

  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(await b!.limitStore.get('turns:1')).toBe(0);
  // The first lease ran out (on the Redis clock): its slot is free again.
  expect(await b!.limitStore.acquire('slots', 2, 10_000)).toEqual(expect.any(String));
});

it('answers from this process while Redis is unreachable at start, with one warning', async () => {
  const logger = memoryLogger();
  // Port 1: nothing listens there.
  const stores = redisStores({ url: 'redis://127.0.0.1:1', logger });
  opened.push(stores);
  const breaker = new CircuitBreaker('m', resolveBreaker({ consecutiveFailures: 2 }), stores.breakerStore, systemClock);
  await breaker.record(false);
  expect(await breaker.state()).toBe('closed');
  await breaker.record(false);
  expect(await breaker.state()).toBe('open');
  expect(await stores.limitStore.add('k', 1, 1_000)).toBe(1);
  expect(await stores.limitStore.acquire('s', 1, 1_000)).toEqual(expect.any(String));
  expect(await stores.limitStore.acquire('s', 1, 1_000)).toBeNull();
  expect(stores.connected).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const warnings = logger.lines.filter((line) => line.level === 'warn');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.message).toMatch(/Redis failed; breakers and limits are kept in this process/);
});

it('a Redis that stops answering costs one command timeout, then calls answer from this process until it is back', async () => {
  const frozen = await startRedisServer();
  const logger = memoryLogger();
  const stores = redisStores({ url: frozen.url, logger, options: { commandTimeout: 200 } });
  opened.push(stores);
  try {
    await whenConnected([{ stores }]);
    expect(await stores.limitStore.add('k', 1, 60_000)).toBe(1);
    frozen.freeze(true);
    let started = performance.now();
    expect(await stores.limitStore.add('k', 1, 60_000)).toBe(1); // this process's count, from 0
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    started = performance.now();
    for (let i = 0; i < 5; i++) await stores.limitStore.add('k', 1, 60_000);
    expect(performance.now() - started).toBeLessThan(150);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);

    frozen.freeze(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the pause after a failure
    // Redis's count again: the first, this one, and the one that timed out, which Redis read from
    // its socket when it woke (a timed-out command may still land; a count errs on the strict side).
    expect(await stores.limitStore.add('k', 1, 60_000)).toBe(3);
    expect(logger.lines.filter((line) => line.level === 'info').map((line) => line.message)).toEqual([
      expect.stringMatching(/Redis answers again/),
    ]);
  } finally {
    frozen.freeze(false);
    await frozen.stop();
  }
});
