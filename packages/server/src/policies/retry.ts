import type { RetryConfig } from '../config/types.js';

/** Default retry policy of a model. */
export const DEFAULT_RETRY: Readonly<Required<RetryConfig>> = {
  attempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  onTimeout: false,
};

/** What the backoff needs of a retry policy. */
export type BackoffPolicy = Pick<Required<RetryConfig>, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;

/** Default most time a turn may spend waiting between retries, ms. */
export const DEFAULT_RETRY_BUDGET_MS = 10_000;

/** Fills in the defaults; `false` means a single try. */
export function resolveRetry(config: RetryConfig | false | undefined): Required<RetryConfig> {
  if (config === false) return { ...DEFAULT_RETRY, attempts: 1 };
  return { ...DEFAULT_RETRY, ...config };
}

/**
 * Delay before retry number `retry` (0 for the first retry): exponential backoff with
 * full jitter, a uniform draw from [0, min(cap, base · 2^retry)).
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Parses a `Retry-After` header value: delta-seconds (fractions allowed) or an HTTP-date.
 * Returns milliseconds from `now` (never negative), or `undefined` when unparseable.
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP-date always names a weekday and month; this keeps `Date.parse('-1')` (a year) out.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Inputs of {@link planRetry}. */
export interface RetryPlanInput {
  /** Tries of this model so far, the failed one included. */
  tries: number;
  policy: BackoffPolicy;
  /** Upstream's `Retry-After`, ms. */
  retryAfterMs?: number;
  /** Milliseconds left before the lane's deadline. */
  laneRemainingMs: number;
  /** Milliseconds of retry waiting left in the turn's budget. */
  budgetRemainingMs: number;
  random: () => number;
}

/**
 * Decides whether a retryable failure is retried and after how long. A retry is refused
 * (the lane falls back instead) when the model's tries are used up, or when the wait —
 * the jittered backoff, or `Retry-After` when that is longer — would not fit in the
 * turn's retry budget or would reach the lane's deadline.
 */
export function planRetry(input: RetryPlanInput): { retry: true; delayMs: number } | { retry: false; why: string } {
  if (input.tries >= input.policy.attempts) return { retry: false, why: 'attempts used up' };
  const jittered = backoffDelay(input.tries - 1, input.policy, input.random);
  const delayMs = Math.max(jittered, input.retryAfterMs ?? 0);
  if (delayMs > input.budgetRemainingMs) return { retry: false, why: 'retry budget exhausted' };
  if (delayMs >= input.laneRemainingMs) return { retry: false, why: 'would pass the lane deadline' };
  return { retry: true, delayMs };
}
