import type { BreakerRecord, BreakerStore } from '../policies/breaker-store.js';
import { memoryBreakerStore } from '../policies/breaker-store.js';
import type { RedisLink } from './redis-link.js';

/** Compare-and-set rounds one update may take before it gives up (and goes local, logged). */
const MAX_ROUNDS = 64;

/** Thrown (and answered from local state) when an update lost its compare-and-set too often. */
export class BreakerContentionError extends Error {
  readonly code = 'breaker_contention';
  constructor(key: string) {
    super(`The breaker record "${key}" changed under ${MAX_ROUNDS} updates in a row; answered from this process.`);
    this.name = 'BreakerContentionError';
  }
}

const parse = (raw: string | null): BreakerRecord | undefined =>
  raw === null ? undefined : (JSON.parse(raw) as BreakerRecord);

/**
 * A {@link BreakerStore} on Redis: one JSON string per model, updated by compare-and-set in a Lua
 * script, so `change` (the breaker's transition) runs in this process on the value Redis holds and
 * is written only if nobody wrote in between; else it runs again on the newer value. That is what
 * admits exactly one half-open probe across instances.
 *
 * Two things keep it to one round trip per update: the last value seen of each key is the
 * expected value of the next update (a stale one costs one more round, the script answers the
 * current value), and the updates of one key in this process run one after the other, so only
 * other instances can make a round fail.
 */
export function redisBreakerStore(link: RedisLink, prefix: string, ttlMs: number): BreakerStore {
  const local = memoryBreakerStore();
  const seen = new Map<string, string | null>();
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.then(
      () => {},
      () => {},
    );
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }

  return {
    now: () => link.now(),
    get: (key) =>
      link.run(
        async (client) => {
          const raw = await client.get(prefix + key);
          seen.set(key, raw);
          return parse(raw);
        },
        () => local.get(key) as BreakerRecord | undefined,
      ),
    update: (key, change) =>
      serial(key, () =>
        link.run(
          async (client) => {
            let raw = seen.has(key) ? (seen.get(key) as string | null) : await client.get(prefix + key);
            for (let round = 0; round < MAX_ROUNDS; round++) {
              const next = change(parse(raw));
              const text = JSON.stringify(next);
              const [written, current] = await client.cascadekitCas(prefix + key, raw ?? '', text, ttlMs);
              if (written === 1) {
                seen.set(key, text);
                return next;
              }
              raw = current === '' ? null : current;
            }
            seen.delete(key);
            throw new BreakerContentionError(key);
          },
          () => local.update(key, change) as BreakerRecord,
        ),
      ),
  };
}
