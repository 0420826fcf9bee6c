import type { BreakerState } from '@cascadekit/core';

/** Persistent state of one model's breaker. Plain JSON, so any store can hold it. */
export interface BreakerRecord {
  /** Stored state. An `open` record whose cooldown has passed reads as `half-open`. */
  state: BreakerState;
  consecutiveFailures: number;
  /** Outcome counts of the rolling window in time buckets (a tenth of the window each), oldest first. */
  buckets: { start: number; ok: number; failed: number }[];
  /** When the breaker last opened. */
  openedAt?: number;
  /** Token of the probe in flight while half-open, and when it started. */
  probe?: { id: string; startedAt: number };
}

/**
 * Where breaker state lives. The in-memory store serves one process; a shared store (Redis,
 * a database) lets several server instances share breakers. `update` must be atomic per key
 * (compare-and-set, a transaction or a script): it is how exactly one probe is admitted.
 */
export interface BreakerStore {
  get(key: string): BreakerRecord | undefined | Promise<BreakerRecord | undefined>;
  /** Atomically replaces the record of `key` with `change(current)` and returns the new record. */
  update(
    key: string,
    change: (current: BreakerRecord | undefined) => BreakerRecord,
  ): BreakerRecord | Promise<BreakerRecord>;
  /**
   * Time, ms, that every instance sharing the store agrees on (the Redis store: the server's
   * `TIME`). Breakers read cooldowns and probe ages on it, so that hosts whose clocks differ still
   * end a cooldown together. Without it, the handler's `clock`.
   */
  now?(): number;
}

/**
 * The default store: a `Map` in this process. Updates are synchronous, hence atomic.
 *
 * @example
 * ```ts
 * createCascadeHandler({ chains, breakerStore: memoryBreakerStore() });
 * ```
 */
export function memoryBreakerStore(): BreakerStore {
  const records = new Map<string, BreakerRecord>();
  return {
    get: (key) => records.get(key),
    update(key, change) {
      const next = change(records.get(key));
      records.set(key, next);
      return next;
    },
  };
}
