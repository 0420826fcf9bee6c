import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../__fixtures__/harness.js';
import { withFallback } from './fallback-store.js';
import { type LimitStore, memoryLimitStore } from './limit-store.js';
import { createLimiter } from './limiter.js';
import { estimate, waitMs } from './sliding-window.js';

describe('memoryLimitStore', () => {
  it('counts until a counter expires, then starts from 0', () => {
    let now = 0;
    const store = memoryLimitStore({ now: () => now });
    expect(store.add('k', 2, 1000)).toBe(2);
    expect(store.add('k', -1, 1000)).toBe(1);
    now = 999;
    expect(store.get('k')).toBe(1);
    now = 1000;
    expect(store.get('k')).toBe(0);
    expect(store.add('k', 5, 1000)).toBe(5);
  });

  it('grants at most `limit` leases, frees released and expired ones', () => {
    let now = 0;
    const store = memoryLimitStore({ now: () => now });
    const a = store.acquire('c', 2, 1000) as string;
    const b = store.acquire('c', 2, 1000) as string;
    expect(a).not.toBe(b);
    expect(store.acquire('c', 2, 1000)).toBeNull();
    store.release('c', a);
    expect(store.acquire('c', 2, 1000)).not.toBeNull();
    now = 1000; // every lease ran out
    expect(store.acquire('c', 2, 1000)).not.toBeNull();
    expect(store.acquire('c', 2, 1000)).not.toBeNull();
    expect(store.acquire('c', 2, 1000)).toBeNull();
    store.release('c', 'unknown');
  });
});

describe('the sliding window', () => {
  const limit = { max: 10, windowMs: 1000 };
  it('weighs the previous window by the part of it still inside', () => {
    expect(estimate({ previous: 10, current: 2, elapsed: 0.25 })).toBe(9.5);
  });
  it('waits until enough of the previous window slid out, or into the next one', () => {
    expect(waitMs({ previous: 0, current: 3, elapsed: 0.5 }, limit, 1)).toBe(0);
    // 10 · (1 − e) + 2 + 1 ≤ 10 from e = 0.3: 100 ms after 0.2.
    expect(waitMs({ previous: 10, current: 2, elapsed: 0.2 }, limit, 1)).toBeCloseTo(100);
    // The current window is full: 500 ms to its end, then 10 · (1 − g) + 1 ≤ 10 from g = 0.1.
    expect(waitMs({ previous: 0, current: 10, elapsed: 0.5 }, limit, 1)).toBeCloseTo(600);
    expect(waitMs({ previous: 0, current: 0, elapsed: 0 }, limit, 11)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a store that fails', () => {
  const broken: LimitStore = {
    get: () => Promise.reject(new Error('ECONNREFUSED')),
    add: () => Promise.reject(new Error('ECONNREFUSED')),
    acquire: () => Promise.reject(new Error('ECONNREFUSED')),
    release: () => Promise.reject(new Error('ECONNREFUSED')),
  };

  it('degrades to limits counted in this process, with one warning, never a failed request', async () => {
    const logger = memoryLogger();
    const store = withFallback(broken, logger, () => 0);
    const limiter = createLimiter({
      limits: { turns: { max: 2, windowMs: 60_000 }, concurrentTurns: 5 },
      store,
      now: () => 0,
      leaseMs: 60_000,
      onStoreError: () => {},
    });
    const first = await limiter.admit('p', undefined);
    const second = await limiter.admit('p', undefined);
    await expect(limiter.admit('p', undefined)).rejects.toMatchObject({ status: 429, code: 'turn_rate_limited' });
    first.release();
    second.release();
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(logger.lines[0]?.message).toContain('limit store failed');
  });
});
