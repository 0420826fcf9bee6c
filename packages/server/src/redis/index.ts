/**
 * `@cascadekit/server/redis` (Node only, needs the `ioredis` package): breakers and limits shared
 * by every instance of a deployment through one Redis.
 */
export type { RedisOptions } from 'ioredis';
export { BreakerContentionError } from './redis-breaker-store.js';
export { LINK_DEFAULTS } from './redis-link.js';
export { type RedisStores, type RedisStoresOptions, redisStores } from './redis-stores.js';
