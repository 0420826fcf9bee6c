import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetryConfig } from '../config/types';
import { backoffDelay, planRetry, resolveRetry } from './retry';

const policyArb: fc.Arbitrary<Required<RetryConfig>> = fc
  .record({
    attempts: fc.integer({ min: 1, max: 8 }),
    baseDelayMs: fc.integer({ min: 1, max: 2_000 }),
    maxDelayMs: fc.integer({ min: 1, max: 30_000 }),
  })
  .map((p) => resolveRetry(p));

/** A random source in [0, 1), like Math.random. */
const unitArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('retry schedule properties', () => {
  it('every backoff delay is an integer inside the full-jitter bounds [0, min(cap, base·2^n))', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 40 }), unitArb, (policy, retry, r) => {
        const delay = backoffDelay(retry, policy, () => r);
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a planned retry never waits past the lane deadline or the budget, honours Retry-After, and respects the attempt count', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 10 }),
        fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
        fc.integer({ min: -1_000, max: 60_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        unitArb,
        (policy, tries, retryAfterMs, laneRemainingMs, budgetRemainingMs, r) => {
          const plan = planRetry({
            tries,
            policy,
            laneRemainingMs,
            budgetRemainingMs,
            random: () => r,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          });
          if (!plan.retry) return;
          expect(tries).toBeLessThan(policy.attempts);
          expect(plan.delayMs).toBeLessThan(laneRemainingMs);
          expect(plan.delayMs).toBeLessThanOrEqual(budgetRemainingMs);
          expect(plan.delayMs).toBeGreaterThanOrEqual(retryAfterMs ?? 0);
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tries - 1));
          expect(plan.delayMs).toBeLessThanOrEqual(Math.max(ceiling, retryAfterMs ?? 0));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('a whole lane of failing tries, driven by the schedule, starts no try at or after its deadline and stays within the budget', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.array(fc.record({ durationMs: fc.integer({ min: 0, max: 3_000 }), r: unitArb }), {
          minLength: 1,
          maxLength: 12,
        }),
        (policy, deadlineMs, budgetMs, tries) => {
          let now = 0;
          let waited = 0;
          let count = 0;
          for (const attempt of tries) {
            count++;
            expect(now).toBeLessThan(deadlineMs);
            now += attempt.durationMs;
            if (now >= deadlineMs) break; // the lane deadline ends the try itself
            const plan = planRetry({
              tries: count,
              policy,
              laneRemainingMs: deadlineMs - now,
              budgetRemainingMs: budgetMs - waited,
              random: () => attempt.r,
            });
            if (!plan.retry) break;
            now += plan.delayMs;
            waited += plan.delayMs;
          }
          expect(count).toBeLessThanOrEqual(policy.attempts);
          expect(waited).toBeLessThanOrEqual(budgetMs);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
