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
  retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
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
    expect(step).toEqual({ next: 'fallback', delayMs: 0, reset: true, keptText: '' });
  });

  it('continue: the next model carries on from the text sent, without a reset', () => {
    const step = nextStep(
      input({ reason: 'network', afterFirstToken: true, detail: '' }, { laneText: 'Hel', failover: 'continue' }),
    );
    expect(step).toEqual({ next: 'fallback', delayMs: 0, reset: false, keptText: 'Hel', continueFrom: 'Hel' });
  });

  it('rejected output is never continued from, whatever the policy', () => {
    const step = nextStep(
      input(
        { reason: 'validation', afterFirstToken: true, detail: 'not JSON' },
        { laneText: 'oops', failover: 'continue', rejected: true },
      ),
    );
    expect(step).toEqual({ next: 'fallback', delayMs: 0, reset: true, keptText: '' });
  });

  it('a retry before any text needs no reset; giving up keeps the text as it is', () => {
    expect(nextStep(input(http(503)))).toMatchObject({ next: 'retry', reset: false, keptText: '' });
    const given = nextStep(
      input({ reason: 'timeout-idle', afterFirstToken: true, detail: '' }, { isLast: true, laneText: 'Hel' }),
    );
    expect(given).toEqual({ next: 'give-up', delayMs: 0, reset: false, keptText: 'Hel' });
  });
});
