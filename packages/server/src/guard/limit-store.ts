/** A value now, or a promise of it: the memory store answers at once, a network store later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where the guard keeps its counters and concurrency slots. The memory store serves one process;
 * a shared store (Redis, a database) lets several instances share limits. Two primitives, each
 * atomic per key, are all the limiter needs:
 *
 * - counters that expire (Redis: `INCRBY` + `PEXPIRE … NX` in one `MULTI`), from which the
 *   limiter builds its sliding windows;
 * - slots with leases (Redis: a sorted set of lease ids scored by expiry, trimmed and counted in
 *   one script), so a crashed instance's slots free themselves when their lease runs out.
 */
export interface LimitStore {
  /** The counter `key`, 0 when it does not exist or expired. */
  get(key: string): MaybePromise<number>;
  /**
   * Adds `amount` (may be negative) to the counter `key`, creating it at 0 and keeping it for at
   * least `ttlMs` from its creation, and returns the new value.
   */
  add(key: string, amount: number, ttlMs: number): MaybePromise<number>;
  /**
   * Takes one of `limit` slots of `key` for at most `leaseMs`: the lease's id, or `null` when
   * every slot is taken (expired leases do not count).
   */
  acquire(key: string, limit: number, leaseMs: number): MaybePromise<string | null>;
  /** Gives the slot of `lease` back; unknown or expired leases are ignored. */
  release(key: string, lease: string): MaybePromise<void>;
}

/** How often the memory store drops expired counters. */
const SWEEP_EVERY_MS = 10_000;

/**
 * The default store: `Map`s in this process. Every operation is synchronous, hence atomic.
 * Expired counters are dropped as the store is used, so it holds only the live windows.
 *
 * @example
 * ```ts
 * createCascadeHandler({ chains, limits: { turns: { max: 20, windowMs: 60_000 } }, limitStore: memoryLimitStore() });
 * ```
 */
export function memoryLimitStore(options: { now?: () => number } = {}): LimitStore {
  const now = options.now ?? Date.now;
  const counters = new Map<string, { value: number; expiresAt: number }>();
  const slots = new Map<string, Map<string, number>>();
  let nextSweep = now() + SWEEP_EVERY_MS;
  let leases = 0;

  const sweep = (at: number) => {
    if (at < nextSweep) return;
    nextSweep = at + SWEEP_EVERY_MS;
    for (const [key, counter] of counters) if (counter.expiresAt <= at) counters.delete(key);
    for (const [key, held] of slots) {
      for (const [lease, expiresAt] of held) if (expiresAt <= at) held.delete(lease);
      if (held.size === 0) slots.delete(key);
    }
  };

  return {
    get(key) {
      const counter = counters.get(key);
      return counter && counter.expiresAt > now() ? counter.value : 0;
    },
    add(key, amount, ttlMs) {
      const at = now();
      sweep(at);
      let counter = counters.get(key);
      if (!counter || counter.expiresAt <= at) {
        counter = { value: 0, expiresAt: at + ttlMs };
        counters.set(key, counter);
      }
      counter.value += amount;
      return counter.value;
    },
    acquire(key, limit, leaseMs) {
      const at = now();
      sweep(at);
      let held = slots.get(key);
      if (!held) {
        held = new Map();
        slots.set(key, held);
      }
      if (held.size >= limit) for (const [lease, expiresAt] of held) if (expiresAt <= at) held.delete(lease);
      if (held.size >= limit) return null;
      const lease = String(++leases);
      held.set(lease, at + leaseMs);
      return lease;
    },
    release(key, lease) {
      const held = slots.get(key);
      if (!held) return;
      held.delete(lease);
      if (held.size === 0) slots.delete(key);
    },
  };
}
