import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, memoryLogger, ofType, post, recording, sim, turn, withTimers } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { seededRandom } from '../random.js';
import { simulator } from '../simulator.js';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, planRetry } from './retry.js';

describe('backoff with full jitter', () => {
  it('draws from [0, min(cap, base·2^n)) and respects the cap', () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(8, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    const random = seededRandom(3);
    for (let n = 0; n < 12; n++) {
      const delay = backoffDelay(n, policy, random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** n));
    }
  });
});

describe('Retry-After', () => {
  it('parses delta-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    const now = Date.parse('Wed, 21 Oct 2015 07:27:58 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('wins over a shorter backoff, and is refused past the budget or the deadline', () => {
    const base = {
      tries: 1,
      policy: DEFAULT_RETRY,
      random: () => 0.5,
      laneRemainingMs: 60_000,
      budgetRemainingMs: 10_000,
    };
    expect(planRetry({ ...base, retryAfterMs: 3000 })).toEqual({ retry: true, delayMs: 3000 });
    expect(planRetry(base)).toEqual({ retry: true, delayMs: 125 });
    expect(planRetry({ ...base, retryAfterMs: 20_000 })).toEqual({ retry: false, why: 'retry budget exhausted' });
    expect(planRetry({ ...base, retryAfterMs: 3000, laneRemainingMs: 2000 })).toEqual({
      retry: false,
      why: 'would pass the lane deadline',
    });
    expect(planRetry({ ...base, tries: 2 })).toEqual({ retry: false, why: 'attempts used up' });
  });
});

describe('retry in a lane', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const flaky = (retryAfterMs: number) =>
    recording(
      simulator({
        model: 'flaky',
        text: 'ok',
        headersMs: 0,
        ttftMs: 1,
        failure: { kind: 'http', status: 429, retryAfterMs },
        failCalls: 1,
      }),
    );

  it('waits for Retry-After before the next try', async () => {
    const { calls, provider } = flaky(3000);
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider, model: 'flaky', retry: { attempts: 2, baseDelayMs: 10 }, breaker: false }] } },
      logger: memoryLogger(),
    });
    const all = await turn(handler);
    expect(calls).toHaveLength(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    expect(ofType(all, 'settled')[0]?.model).toBe('flaky');
  });

  it('falls back instead of waiting past the turn budget', async () => {
    const { calls, provider } = flaky(5000);
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [{ provider, model: 'flaky', retry: { attempts: 3 }, breaker: false }, sim('backup')],
          retryBudgetMs: 1000,
        },
      },
      logger: memoryLogger(),
    });
    const all = await turn(handler);
    expect(calls).toHaveLength(1);
    expect(ofType(all, 'attempt-failed')[0]?.next).toBe('fallback');
    expect(ofType(all, 'settled')[0]?.model).toBe('backup');
  });

  it('never retries past the lane deadline', async () => {
    const { calls, provider } = flaky(4000);
    const handler = createCascadeHandler({
      chains: {
        c: { final: [{ provider, model: 'flaky', retry: { attempts: 3 }, breaker: false }], deadlineMs: 3000 },
      },
      logger: memoryLogger(),
    });
    // Its only model rate limited, the turn is answered 429 with the upstream's wait.
    const response = await withTimers(handler(post(ask())));
    expect(calls).toHaveLength(1);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('4');
  });

  it('shares one budget across the turn: a second retry that would overdraw it falls back', async () => {
    const { calls, provider } = recording(
      simulator({ model: 'down', headersMs: 0, failure: { kind: 'http', status: 503, retryAfterMs: 600 } }),
    );
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [{ provider, model: 'down', retry: { attempts: 5 }, breaker: false }, sim('backup')],
          retryBudgetMs: 1000,
        },
      },
      logger: memoryLogger(),
    });
    const all = await turn(handler);
    expect(calls).toHaveLength(2);
    expect(ofType(all, 'attempt-failed').map((e) => e.next)).toEqual(['retry', 'fallback']);
  });
});
