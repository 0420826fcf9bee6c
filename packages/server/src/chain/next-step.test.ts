import { describe, expect, it } from 'vitest';
import type { AttemptFailure } from './attempt.js';
import { type NextStepInput, nextStep } from './next-step.js';

const http = (status: number, extra: Partial<AttemptFailure> = {}): AttemptFailure => ({
  reason: 'http-status',
  status,
  afterFirstToken: false,
  detail: `HTTP ${status}`,
  ...extra,
});

/** A failure of the lane's first model, first try, with plenty of time and budget. */
const input = (failure: AttemptFailure, extra: Partial<NextStepInput> = {}): NextStepInput => ({
  failure,
  rejected: false,
  tries: 1,
  isLast: false,
  retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, onTimeout: false },
  laneRemainingMs: 60_000,
  budgetRemainingMs: 10_000,
  random: () => 0.5,
  failover: 'restart',
  laneText: '',
  ...extra,
});

describe('nextStep: what a lane does after a failed attempt', () => {
  it.each([
    ['a retryable status with tries left retries after the jittered backoff', http(503), {}, 'retry', 50],
    ['a Retry-After longer than the backoff is waited out', http(429, { retryAfterMs: 700 }), {}, 'retry', 700],
    ['a retryable status with its tries used up falls back', http(503), { tries: 3 }, 'fallback', 0],
    ['the last model whose tries are used up gives up', http(503), { tries: 3, isLast: true }, 'give-up', 0],
    [
      'a wait the turn’s budget cannot pay falls back',
      http(429, { retryAfterMs: 700 }),
      { budgetRemainingMs: 500 },
      'fallback',
      0,
    ],
    ['a wait that reaches the lane’s deadline falls back', http(503), { laneRemainingMs: 50 }, 'fallback', 0],
    ['an unusable status (401) falls back at once, tries left or not', http(401), {}, 'fallback', 0],
    [
      'the lane’s own deadline stops the lane, later models or not',
      { reason: 'timeout-total', afterFirstToken: false, detail: '' },
      {},
      'give-up',
      0,
    ],
    ['a cancelled turn stops the lane', { reason: 'aborted', afterFirstToken: true, detail: '' }, {}, 'give-up', 0],
    [
      'a cut after the first token falls back (no retry)',
      { reason: 'network', afterFirstToken: true, detail: '' },
      {},
      'fallback',
      0,
    ],
  ] as const)('%s', (_name, failure, extra, next, delayMs) => {
    const step = nextStep(input(failure, extra));
    expect(step.next).toBe(next);
    expect(step.delayMs).toBe(delayMs);
  });

  it('restart: text already sent is discarded with a reset, so two models never mix', () => {
    const step = nextStep(input({ reason: 'network', afterFirstToken: true, detail: '' }, { laneText: 'Hel' }));
    expect(step).toEqual({ next: 'fallback', delayMs: 0, reset: true });
  });

  it('continue: the text sent stays (the next model continues it), without a reset', () => {
    const step = nextStep(
      input({ reason: 'network', afterFirstToken: true, detail: '' }, { laneText: 'Hel', failover: 'continue' }),
    );
    expect(step).toEqual({ next: 'fallback', delayMs: 0, reset: false });
  });

  it('rejected output is never continued from, whatever the policy', () => {
    const step = nextStep(
      input(
        { reason: 'validation', afterFirstToken: true, detail: 'not JSON' },
        { laneText: 'oops', failover: 'continue', rejected: true },
      ),
    );
    expect(step).toEqual({ next: 'fallback', delayMs: 0, reset: true });
  });

  it('a retry before any text needs no reset; giving up keeps the text as it is', () => {
    expect(nextStep(input(http(503)))).toMatchObject({ next: 'retry', reset: false });
    const given = nextStep(
      input({ reason: 'timeout-idle', afterFirstToken: true, detail: '' }, { isLast: true, laneText: 'Hel' }),
    );
    expect(given).toEqual({ next: 'give-up', delayMs: 0, reset: false });
  });

  it('a silent model is left at once (headers or first token), retried only with retry.onTimeout', () => {
    for (const reason of ['timeout-headers', 'timeout-first-token'] as const) {
      const failure = { reason, afterFirstToken: false, detail: '' };
      expect(nextStep(input(failure)).next, reason).toBe('fallback');
      const retry = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, onTimeout: true };
      expect(nextStep(input(failure, { retry })).next, reason).toBe('retry');
    }
  });

  it('a content filter stops the lane unless failoverOnContentFilter', () => {
    const refused = http(400, { code: 'content_filter', upstreamMessage: 'flagged' });
    expect(nextStep(input(refused)).next).toBe('give-up');
    expect(nextStep(input(refused, { failoverOnContentFilter: true })).next).toBe('fallback');
  });

  it('a context-length error falls back only to a model with a larger window, passing the others over', () => {
    const tooLong = http(400, { code: 'context_length_exceeded' });
    expect(nextStep(input(tooLong))).toEqual({ next: 'give-up', delayMs: 0, reset: false });
    expect(nextStep(input(tooLong, { largerContextAt: 3 }))).toEqual({
      next: 'fallback',
      delayMs: 0,
      reset: false,
      skipTo: 3,
    });
  });

  it('a model that refuses the prefill (400 before any text) is tried again at once without one', () => {
    expect(nextStep(input(http(400), { prefillSent: true, laneText: 'Hel', tries: 5 }))).toEqual({
      next: 'retry',
      delayMs: 0,
      reset: false,
      withoutPrefill: true,
    });
    // A 400 without a prefill is the request's fault: the lane falls back.
    expect(nextStep(input(http(400), { laneText: 'Hel', failover: 'continue' })).next).toBe('fallback');
  });
});
