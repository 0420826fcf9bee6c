import type { FailoverPolicy, RetryConfig } from '../config/types.js';
import { classifyFailure, ERROR_CLASSES, type FailureAction } from '../policies/error-classes.js';
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
  /** The text the client holds of the lane. */
  laneText: string;
  /** The attempt was sent the lane's text as a prefill. */
  prefillSent?: boolean;
  /** Index of the lane's next model whose `contextWindow` is larger than this one's, if any. */
  largerContextAt?: number;
  /** The chain's `failoverOnContentFilter`. */
  failoverOnContentFilter?: boolean;
}

/** What the lane does next, and how it hands over. */
export interface NextStep {
  next: 'retry' | 'fallback' | 'give-up';
  /** Wait before the retry, ms (0 otherwise). */
  delayMs: number;
  /** Send a `reset`: the client discards the lane's text. */
  reset: boolean;
  /** The model refused the prefill: try it again at once, restarting and splicing instead. */
  withoutPrefill?: true;
  /** Fall back to this model of the lane, passing over those before it (a context-length failure). */
  skipTo?: number;
}

/** The table's action for the failure, with the overrides the configuration allows. */
function actionOf(input: NextStepInput): FailureAction {
  const errorClass = classifyFailure(input.failure);
  switch (errorClass) {
    case 'timeout-headers':
    case 'timeout-first-token':
      return input.retry.onTimeout ? 'retry' : ERROR_CLASSES[errorClass].action;
    case 'http-content-filter':
      return input.failoverOnContentFilter ? 'fallback' : ERROR_CLASSES[errorClass].action;
    case 'http-context-length':
      return input.largerContextAt === undefined ? 'stop' : 'fallback';
    default:
      return ERROR_CLASSES[errorClass].action;
  }
}

/**
 * The lane's decision after a failed attempt, without side effects: the error-class table's
 * action (retry, fall back, stop) with its configured overrides, refused retries falling back
 * (tries used up, the budget or the lane's deadline would be passed), the last model giving up,
 * and whether the text shown is discarded (the chain's failover policy). A model that refused a
 * prefill (HTTP 400 before any text) is tried again at once without one.
 */
export function nextStep(input: NextStepInput): NextStep {
  const { failure } = input;
  if (input.prefillSent && classifyFailure(failure) === 'http-client' && failure.status === 400) {
    return { next: 'retry', delayMs: 0, reset: false, withoutPrefill: true };
  }
  const action = actionOf(input);
  let next: NextStep['next'] = action === 'stop' || input.isLast ? 'give-up' : 'fallback';
  let delayMs = 0;
  if (action === 'retry') {
    const plan = planRetry({
      tries: input.tries,
      policy: input.retry,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      laneRemainingMs: input.laneRemainingMs,
      budgetRemainingMs: input.budgetRemainingMs,
      random: input.random,
    });
    if (plan.retry) {
      next = 'retry';
      delayMs = plan.delayMs;
    }
  }
  if (next === 'give-up') return { next, delayMs: 0, reset: false };
  const step: NextStep = { next, delayMs, reset: planHandover(input.failover, input.laneText, input.rejected).reset };
  if (next === 'fallback' && classifyFailure(failure) === 'http-context-length') step.skipTo = input.largerContextAt;
  return step;
}
