import type { RedisOptions } from 'ioredis';
import type { Logger } from '../config/types.js';
import { consoleLogger } from '../console-logger.js';
import type { LimitStore } from '../guard/limit-store.js';
import type { BreakerStore } from '../policies/breaker-store.js';
import { redisBreakerStore } from './redis-breaker-store.js';
import { redisLimitStore } from './redis-limit-store.js';
import { RedisLink } from './redis-link.js';

/** Options of {@link redisStores}. */
export interface RedisStoresOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. Default: `options`' host and port (127.0.0.1:6379). */
  url?: string;
  /** ioredis options, over {@link LINK_DEFAULTS} (no offline queue, 500 ms command timeout, background reconnection). */
  options?: RedisOptions;
  /** Prefix of every key. Default `cascadekit:`; give each deployment sharing one Redis its own. */
  prefix?: string;
  /** How long a breaker record nobody updates is kept, ms. Default one day. */
  breakerTtlMs?: number;
  /** Where the outage warning goes. Default `console`. */
  logger?: Logger;
}

/** The shared stores and their connection. */
export interface RedisStores {
  /** Breakers shared by every instance: pass as `breakerStore` to `createCascadeHandler`. */
  breakerStore: BreakerStore;
  /** Per-principal limits shared by every instance: pass as `limitStore`. */
  limitStore: LimitStore;
  /** Commands go to Redis now (else both stores answer from this process). */
  readonly connected: boolean;
  /** Closes the connection; the stores answer from this process afterwards. */
  close(): Promise<void>;
}

/**
 * Breaker and limit stores on one Redis connection, so that every instance behind a load balancer
 * sees the same breakers (one half-open probe in all, cooldowns on the Redis server's clock) and
 * counts each principal's turns, tokens and concurrent turns together.
 *
 * Redis is never in the way of a turn: while it is unreachable (at start, or lost mid-run), both
 * stores answer from this process's memory, with one logged warning per outage, and go back to
 * Redis by themselves once it answers again (the client reconnects in the background).
 *
 * @example
 * ```ts
 * import { createCascadeHandler } from '@cascadekit/server';
 * import { redisStores } from '@cascadekit/server/redis';
 *
 * const shared = redisStores({ url: process.env.REDIS_URL });
 * const handler = createCascadeHandler({
 *   chains,
 *   breakerStore: shared.breakerStore,
 *   limitStore: shared.limitStore,
 *   limits: { turns: { max: 20, windowMs: 60_000 } },
 * });
 * // on shutdown: await shared.close();
 * ```
 */
export function redisStores(options: RedisStoresOptions = {}): RedisStores {
  const link = new RedisLink(options.url, options.options ?? {}, options.logger ?? consoleLogger);
  const prefix = options.prefix ?? 'cascadekit:';
  return {
    breakerStore: redisBreakerStore(link, `${prefix}breaker:`, options.breakerTtlMs ?? 86_400_000),
    limitStore: redisLimitStore(link, `${prefix}limit:`),
    get connected() {
      return link.connected;
    },
    close: () => link.close(),
  };
}
