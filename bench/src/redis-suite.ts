/**
 * Shared state on Redis (issue 14, item 5): what the Redis stores add to a turn, and how fast a
 * breaker one instance opens or closes is seen by another. A real `redis-server` on a free
 * loopback port (Debian's package, as the `redis` test step uses); instances are handlers in this
 * process, each with its own Redis connection as separate processes would have.
 */
import { type CascadeConfig, createCascadeHandler, memoryBreakerStore, memoryLimitStore } from '@cascadekit/server';
import { redisStores } from '@cascadekit/server/redis';
import { type FakeUpstream, startOpenAIUpstream } from '@cascadekit/server/testing';
import { startRedisServer } from '../../packages/server/src/__fixtures__/redis-server';
import { quantile, round, type Summary, summarize } from './stats';

export interface RedisSection {
  config: { turns: number; convergenceSamples: number };
  /** Sequential turns (draft and final lane, breakers and limits on) through the handler, no sockets. */
  turnMs: {
    memory: Summary & { p95: number };
    /** Memory stores whose every call first yields one event-loop turn: the cost of any asynchronous store. */
    asyncMemory: Summary & { p95: number };
    redis: Summary & { p95: number };
  };
  /** Redis p50 minus memory p50, and the same at p95 (goal: ≤ 1 ms at p50). */
  addedMs: { p50: number; p95: number };
  /** One Redis round trip (a counter read through the other connection's limit store), between the turns. */
  roundTripMs: Summary & { p95: number };
  /** Redis round trips on a turn's critical path: slot and window read together, then the count, at the door; admit and record per lane. */
  roundTripsPerTurn: number;
  /** From instance A's turn reporting the breaker open (or closed) to instance B's health saying so. */
  convergenceMs: { open: Summary; closed: Summary /** Transitions B had not seen after 5 s. */; missed: number };
  /** Difference between the two instances' Redis-based clocks (what their cooldowns can disagree by). */
  clockSkewMs: Summary;
  goalMs: number;
}

const quiet = { warn() {}, error() {} };
const withP95 = (values: number[]) => ({ ...summarize(values), p95: round(quantile(values, 0.95)) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chainConfig(draft: FakeUpstream, final: FakeUpstream): CascadeConfig['chains'] {
  const model = (name: string, upstream: FakeUpstream) => ({
    provider: 'openai' as const,
    model: name,
    baseUrl: upstream.url,
    apiKeyEnv: 'BENCH_KEY',
    retry: false as const,
    breaker: { consecutiveFailures: 1, cooldownMs: 30 },
  });
  return { c: { draft: [model('draft', draft)], final: [model('final', final)] } };
}

const turnRequest = () =>
  new Request('http://127.0.0.1/api/cascade', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello?' }] }),
  });

/** `store` with every method answering after one event-loop turn (`setImmediate`), as a network store's do at best. */
function yielding<T extends object>(store: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    wrapped[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            await new Promise((resolve) => setImmediate(resolve));
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return wrapped as T;
}

export async function runRedisSuite(options: {
  turns: number;
  convergenceSamples: number;
  log: (line: string) => void;
}): Promise<RedisSection> {
  const server = await startRedisServer();
  const draft = await startOpenAIUpstream();
  const final = await startOpenAIUpstream();
  const shared = [redisStores({ url: server.url, logger: quiet }), redisStores({ url: server.url, logger: quiet })];
  try {
    for (let i = 0; i < 100 && !shared.every((s) => s.connected); i++) await sleep(20);
    const env = { BENCH_KEY: 'k' };
    const limits = { turns: { max: 1_000_000, windowMs: 60_000 }, concurrentTurns: 1_000 };
    const chains = chainConfig(draft, final);
    const memoryHandler = createCascadeHandler({ chains, env, logger: quiet, limits });
    const asyncMemoryHandler = createCascadeHandler({
      chains,
      env,
      logger: quiet,
      limits,
      breakerStore: yielding(memoryBreakerStore()),
      limitStore: yielding(memoryLimitStore()),
    });
    const redisHandler = createCascadeHandler({
      chains,
      env,
      logger: quiet,
      limits,
      breakerStore: shared[0]!.breakerStore,
      limitStore: shared[0]!.limitStore,
    });

    options.log(
      `redis: ${options.turns} turns per store (memory, memory answering asynchronously, Redis), interleaved`,
    );
    const memory: number[] = [];
    const asyncMemory: number[] = [];
    const redis: number[] = [];
    const roundTrips: number[] = [];
    const turn = async (handler: (request: Request) => Promise<Response>) => {
      const started = performance.now();
      const response = await handler(turnRequest());
      await response.text();
      return performance.now() - started;
    };
    for (let i = 0; i < 50; i++) {
      await turn(memoryHandler);
      await turn(asyncMemoryHandler);
      await turn(redisHandler);
    }
    for (let i = 0; i < options.turns; i++) {
      memory.push(await turn(memoryHandler));
      asyncMemory.push(await turn(asyncMemoryHandler));
      redis.push(await turn(redisHandler));
      const started = performance.now();
      await shared[1]!.limitStore.get('bench:round-trip');
      roundTrips.push(performance.now() - started);
    }

    options.log(`redis: breaker convergence across two instances, ${options.convergenceSamples} samples`);
    const [a, b] = shared.map((stores) =>
      createCascadeHandler({
        chains,
        env,
        logger: quiet,
        breakerStore: stores.breakerStore,
        limitStore: stores.limitStore,
      }),
    );
    const stateOnB = async () => {
      const health = (await (await b!(new Request('http://127.0.0.1/api/health'))).json()) as {
        breakers: Record<string, { state: string }>;
      };
      return health.breakers.final?.state ?? 'closed';
    };
    /** Ms from the end of A's turn (whose events announced `state`) until B reports it; undefined past 5 s. */
    const converge = async (state: string) => {
      const response = await a!(turnRequest());
      const text = await response.text();
      const announced = performance.now();
      if (!text.includes(`"state":"${state}"`)) throw new Error(`instance A's turn did not announce "${state}"`);
      while (performance.now() - announced < 5_000) {
        if ((await stateOnB()) === state) return performance.now() - announced;
      }
      return undefined;
    };
    const opened: number[] = [];
    const closed: number[] = [];
    let missed = 0;
    const sample = (values: number[], ms: number | undefined) => (ms === undefined ? missed++ : values.push(ms));
    const skew: number[] = [];
    await stateOnB(); // registers the breaker on B
    for (let i = 0; i < options.convergenceSamples; i++) {
      final.script = { status: 500 };
      sample(opened, await converge('open'));
      await sleep(40); // past the 30 ms cooldown: the next turn on A is the probe
      final.script = {};
      sample(closed, await converge('closed'));
      skew.push(Math.abs(shared[0]!.breakerStore.now!() - shared[1]!.breakerStore.now!()));
    }

    const memoryTurn = withP95(memory);
    const redisTurn = withP95(redis);
    return {
      config: { turns: options.turns, convergenceSamples: options.convergenceSamples },
      turnMs: { memory: memoryTurn, asyncMemory: withP95(asyncMemory), redis: redisTurn },
      addedMs: { p50: round(redisTurn.median - memoryTurn.median), p95: round(redisTurn.p95 - memoryTurn.p95) },
      roundTripMs: withP95(roundTrips),
      roundTripsPerTurn: 4,
      convergenceMs: { open: summarize(opened), closed: summarize(closed), missed },
      clockSkewMs: summarize(skew),
      goalMs: 1,
    };
  } finally {
    for (const stores of shared) await stores.close();
    await draft.close();
    await final.close();
    await server.stop();
  }
}
