import type { CascadeConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, serveNode } from '../node/index.js';
import { type RedisStores, redisStores } from '../redis/index.js';
import { memoryLogger } from './harness.js';
import type { InstancesHost } from './matrix.js';
import { type RoundRobin, startRoundRobin } from './round-robin.js';

/** One server instance: its handler on a loopback port, its Redis stores and what it logged. */
export interface Instance {
  server: NodeServer;
  stores: RedisStores;
  logger: ReturnType<typeof memoryLogger>;
}

/** Several instances of one configuration sharing one Redis, behind a round-robin proxy. */
export interface SharedInstances {
  instances: Instance[];
  proxy: RoundRobin;
  close(): Promise<void>;
}

/**
 * A matrix host of `count` instances sharing the Redis at `url()` (read at start, so a file can
 * start its server in `beforeAll`), each test's keys apart, behind a round-robin proxy.
 */
export function redisInstancesHost(count: number, url: () => string): InstancesHost {
  let starts = 0;
  return {
    name: `${count} instances sharing Redis, round robin`,
    async startInstances(make) {
      const prefix = `matrix-${process.pid}-${++starts}:`;
      const instances: { server: NodeServer; stores: RedisStores }[] = [];
      for (let i = 0; i < count; i++) {
        const stores = redisStores({ url: url(), prefix, logger: memoryLogger(), options: TEST_REDIS_OPTIONS });
        const handler = make({ breakerStore: stores.breakerStore, limitStore: stores.limitStore });
        instances.push({ server: await serveNode(handler), stores });
      }
      await whenConnected(instances);
      const proxy = await startRoundRobin(instances.map((instance) => instance.server.url));
      return {
        fetch: globalThis.fetch,
        url: proxy.url,
        bodies: [],
        async close() {
          await proxy.close();
          for (const instance of instances) {
            await instance.server.close();
            await instance.stores.close();
          }
        },
      };
    },
  };
}

/**
 * Starts `count` instances of `config`, each with its own Redis connection (as separate processes
 * would have), keys under `prefix`, and a round-robin proxy in front of them.
 */
export async function startSharedInstances(
  count: number,
  redisUrl: string,
  prefix: string,
  config: Omit<CascadeConfig, 'breakerStore' | 'limitStore' | 'logger'>,
): Promise<SharedInstances> {
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const logger = memoryLogger();
    const stores = redisStores({ url: redisUrl, prefix, logger, options: TEST_REDIS_OPTIONS });
    const handler = createCascadeHandler({
      ...config,
      logger,
      breakerStore: stores.breakerStore,
      limitStore: stores.limitStore,
    });
    instances.push({ server: await serveNode(handler), stores, logger });
  }
  const proxy = await startRoundRobin(instances.map((instance) => instance.server.url));
  return {
    instances,
    proxy,
    async close() {
      await proxy.close();
      for (const instance of instances) {
        await instance.server.close();
        await instance.stores.close();
      }
    },
  };
}

/**
 * Options of the tests' Redis connections: a loaded test machine can stall a command past the
 * 500 ms default, and the instance would then rightly answer from memory, which is not what the
 * sharing tests are about (the outage tests kill Redis, which fails commands at once).
 */
export const TEST_REDIS_OPTIONS = { commandTimeout: 5_000 };

/** Resolves once every instance's Redis connection is up (bounded). */
export async function whenConnected(instances: { stores: RedisStores }[], ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!instances.every((instance) => instance.stores.connected)) {
    if (Date.now() > until) {
      const states = instances.map((instance) => (instance.stores.connected ? 'connected' : 'not connected'));
      throw new Error(`the instances did not all connect to Redis within ${ms} ms: ${states.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
