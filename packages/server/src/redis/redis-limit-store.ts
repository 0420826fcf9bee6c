import type { LimitStore } from '../guard/limit-store.js';
import { memoryLimitStore } from '../guard/limit-store.js';
import type { RedisLink } from './redis-link.js';

/** Leases granted from this process's memory while Redis was away are released there. */
const LOCAL = 'local:';

/**
 * A {@link LimitStore} on Redis: counters are `INCRBY` with an expiry set on creation, slots a
 * sorted set of leases scored by their expiry on the Redis server's clock; each one script, so
 * atomic. While Redis is away the limits count in this process (per instance).
 */
export function redisLimitStore(link: RedisLink, prefix: string): LimitStore {
  const local = memoryLimitStore();
  return {
    get: (key) =>
      link.run(
        async (client) => Number((await client.get(prefix + key)) ?? 0),
        () => local.get(key) as number,
      ),
    add: (key, amount, ttlMs) =>
      link.run(
        (client) => client.cascadekitAdd(prefix + key, amount, ttlMs),
        () => local.add(key, amount, ttlMs) as number,
      ),
    acquire: (key, limit, leaseMs) =>
      link.run(
        (client) => client.cascadekitAcquire(prefix + key, limit, leaseMs, crypto.randomUUID()),
        () => {
          const lease = local.acquire(key, limit, leaseMs) as string | null;
          return lease === null ? null : LOCAL + lease;
        },
      ),
    async release(key, lease) {
      if (lease.startsWith(LOCAL)) return local.release(key, lease.slice(LOCAL.length));
      // A lease Redis granted and cannot take back now runs out on its own.
      await link.run(
        async (client) => void (await client.zrem(prefix + key, lease)),
        () => undefined,
      );
    },
  };
}
