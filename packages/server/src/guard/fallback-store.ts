import type { Logger } from '../config/types.js';
import { type LimitStore, memoryLimitStore } from './limit-store.js';

/** How often a failing shared store is reported. */
const WARN_EVERY_MS = 60_000;

/**
 * `store`, or this process's memory when `store` fails: a shared store that goes away degrades
 * the limits to per-instance ones with a logged warning, never to a failed request. A lease is
 * released in the store that granted it.
 */
export function withFallback(store: LimitStore, logger: Logger, now: () => number): LimitStore {
  const local = memoryLimitStore({ now });
  let warnedAt = Number.NEGATIVE_INFINITY;
  const fellBack = (error: unknown) => {
    const at = now();
    if (at - warnedAt < WARN_EVERY_MS) return;
    warnedAt = at;
    logger.warn('cascadekit: the limit store failed; limits are counted in this process until it answers', {
      error: String(error),
    });
  };
  async function attempt<T>(shared: () => T | Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    try {
      return await shared();
    } catch (error) {
      fellBack(error);
      return fallback();
    }
  }
  const LOCAL = 'local:';
  return {
    get: (key) =>
      attempt(
        () => store.get(key),
        () => local.get(key),
      ),
    add: (key, amount, ttlMs) =>
      attempt(
        () => store.add(key, amount, ttlMs),
        () => local.add(key, amount, ttlMs),
      ),
    acquire: (key, limit, leaseMs) =>
      attempt(
        () => store.acquire(key, limit, leaseMs),
        () => {
          const lease = local.acquire(key, limit, leaseMs) as string | null;
          return lease === null ? null : LOCAL + lease;
        },
      ),
    release(key, lease) {
      if (lease.startsWith(LOCAL)) return local.release(key, lease.slice(LOCAL.length));
      return attempt(
        () => store.release(key, lease),
        () => undefined,
      );
    },
  };
}
