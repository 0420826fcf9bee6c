/**
 * The fault matrix (every fallback trigger, with and without a healthy fallback, then the retry)
 * against two instances sharing breakers and limits on a real Redis, behind a round-robin proxy:
 * consecutive requests of one conversation reach different instances. One upstream path (the Node
 * transport) keeps the run short; the unit matrix covers the others on one instance.
 */
import { afterAll, beforeAll } from 'vitest';
import { faultMatrix } from '../__fixtures__/fault-matrix.js';
import { UPSTREAM_PATHS } from '../__fixtures__/matrix.js';
import { type RedisServer, startRedisServer } from '../__fixtures__/redis-server.js';
import { redisInstancesHost } from '../__fixtures__/shared-instances.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

faultMatrix(
  redisInstancesHost(2, () => redis.url),
  UPSTREAM_PATHS.filter((path) => path.name === 'node transport'),
);
