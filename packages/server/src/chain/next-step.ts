import type { FailoverPolicy, RetryConfig } from '../config/types.js';
import { classifyFailure, ERROR_CLASSES } from '../policies/error-classes.js';
import { planHandover } from '../policies/failover.js';
import { planRetry } from '../policies/retry.js';
import type { AttemptFailure } from './attempt.js';

/** What the lane knows after an attempt failed. */
export interface NextStepInput {
  failure: AttemptFailure;
  /** The output was complete but rejected (validation, confidence). */
  rejected: boolean;
  /** Tries of this model so far, the failed one included. */
  tries: number;
  /** The model is the lane's last. */
  isLast: boolean;
  retry: Required<RetryConfig>;
  /** Milliseconds left before the lane's deadline. */
  laneRemainingMs: number;
  /** Milliseconds of retry waiting left in the turn's budget. */
  budgetRemainingMs: number;
  random: () => number;
  failover: FailoverPolicy;
  /** The lane's text so far (what the client holds). */
  laneText: string;
}

/** What the lane does next, and how it hands over. */
export interface NextStep {
  next: 'retry' | 'fallback' | 'give-up';
  /** Wait before the retry, ms (0 otherwise). */
  delayMs: number;
  /** Send a `reset`: the client discards the lane's text. */
  reset: boolean;
  /** Text the lane keeps; the next attempt's text is appended to it. */
  keptText: string;
  /** Text the next attempt continues from (failover `continue`). */
  continueFrom?: string;
}

/**
 * The lane's decision after a failed attempt, without side effects: the error-class table's
 * action (retry, fall back, stop), refused retries falling back (tries used up, the budget or
 * the lane's deadline would be passed), the last model giving up, and the mid-stream handover
 * by the chain's failover policy.
 */
export function nextStep(input: NextStepInput): NextStep {
  const action = ERROR_CLASSES[classifyFailure(input.failure)].action;
  let next: NextStep['next'] = action === 'stop' || input.isLast ? 'give-up' : 'fallback';
  let delayMs = 0;
  if (action === 'retry') {
    const plan = planRetry({
      tries: input.tries,
      policy: input.retry,
      ...(input.failure.retryAfterMs === undefined ? {} : { retryAfterMs: input.failure.retryAfterMs }),
      laneRemainingMs: input.laneRemainingMs,
      budgetRemainingMs: input.budgetRemainingMs,
      random: input.random,
    });
    if (plan.retry) {
      next = 'retry';
      delayMs = plan.delayMs;
    }
  }
  if (next === 'give-up') return { next, delayMs: 0, reset: false, keptText: input.laneText };
  const handover = planHandover(input.failover, input.laneText, input.rejected);
  const step: NextStep = { next, delayMs, reset: handover.reset, keptText: handover.keptText };
  if (handover.continueFrom !== undefined) step.continueFrom = handover.continueFrom;
  return step;
}
