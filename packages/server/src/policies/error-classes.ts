import type { FailureReason } from '@cascadekit/core';
import type { UpstreamErrorCode } from '../providers/types.js';

/**
 * What a lane does after an attempt fails:
 * - `retry`: try the same model again while its retry attempts and the turn's budget last, then fall back;
 * - `fallback`: move on to the lane's next model at once;
 * - `stop`: end the lane now (no model could help).
 */
export type FailureAction = 'retry' | 'fallback' | 'stop';

/** Name of a class of failures that share one action. */
export type ErrorClass =
  | 'http-retryable'
  | 'http-unusable'
  | 'http-content-filter'
  | 'http-context-length'
  | 'http-client'
  | 'network-before-first-token'
  | 'network-after-first-token'
  | 'timeout-headers'
  | 'timeout-first-token'
  | 'timeout-idle'
  | 'timeout-total'
  | 'incomplete'
  | 'upstream-error'
  | 'validation'
  | 'low-confidence'
  | 'breaker-open'
  | 'config'
  | 'aborted'
  | 'superseded'
  | 'unknown';

/** One row of the error-class table. */
export interface ErrorClassRule {
  /** Which failures belong to the class, for people. */
  matches: string;
  action: FailureAction;
  /**
   * How the model's circuit breaker counts it: `failure`; `success` (the upstream answered
   * properly, the answer was just not wanted); `neither` (no verdict on the upstream's health).
   */
  breaker: 'failure' | 'success' | 'neither';
}

/**
 * THE table: which failure retries, which falls back and which stops the lane, and what the
 * circuit breaker counts. The server README's table is rendered from it and a test keeps them equal.
 */
export const ERROR_CLASSES: Readonly<Record<ErrorClass, ErrorClassRule>> = {
  'http-retryable': { matches: 'HTTP 408, 409, 425, 429 and 5xx', action: 'retry', breaker: 'failure' },
  // A bad key, a missing permission or an unknown model fails every turn alike: let the breaker skip it.
  'http-unusable': { matches: 'HTTP 401, 403 and 404', action: 'fallback', breaker: 'failure' },
  // A refusal is the provider's answer to this request, and the caller should read its reason.
  'http-content-filter': {
    matches: 'HTTP 400 whose body names a content filter (fallback with `failoverOnContentFilter`)',
    action: 'stop',
    breaker: 'neither',
  },
  'http-context-length': {
    matches:
      'HTTP 400 saying the conversation is over the context window (only to a later model with a larger `contextWindow`, else stop)',
    action: 'fallback',
    breaker: 'neither',
  },
  // Other 4xx may be this request's fault, not the model's health.
  'http-client': { matches: 'HTTP 400 and other 4xx', action: 'fallback', breaker: 'neither' },
  'network-before-first-token': {
    matches: 'connection refused or reset before the first token',
    action: 'retry',
    breaker: 'failure',
  },
  'network-after-first-token': {
    matches: 'connection reset after the first token',
    action: 'fallback',
    breaker: 'failure',
  },
  // A silent model is left at once: retrying it would spend the fallbacks' time (`retry.onTimeout` retries).
  'timeout-headers': {
    matches:
      'no response headers within `timeouts.headersMs` or the attempt budget (retried only with `retry.onTimeout`)',
    action: 'fallback',
    breaker: 'failure',
  },
  'timeout-first-token': {
    matches:
      'no first token within `timeouts.firstTokenMs` of the headers or the attempt budget (retried only with `retry.onTimeout`)',
    action: 'fallback',
    breaker: 'failure',
  },
  'timeout-idle': { matches: 'gap between chunks over `timeouts.idleMs`', action: 'fallback', breaker: 'failure' },
  'timeout-total': { matches: "the lane's deadline (`deadlineMs`) passed", action: 'stop', breaker: 'neither' },
  incomplete: {
    matches: 'a 200 stream that ended without its terminator (OpenAI-compatible: and without a `finish_reason`)',
    action: 'fallback',
    breaker: 'failure',
  },
  'upstream-error': {
    matches: 'an in-band error event inside a 200 stream, or an event that is not JSON (`malformedEvents: "fail"`)',
    action: 'retry',
    breaker: 'failure',
  },
  validation: { matches: 'the complete output failed a validator', action: 'fallback', breaker: 'success' },
  'low-confidence': { matches: 'confidence below `confidence.threshold`', action: 'fallback', breaker: 'success' },
  'breaker-open': {
    matches: "the model's breaker is open (skipped, no request sent)",
    action: 'fallback',
    breaker: 'neither',
  },
  config: { matches: 'misconfiguration, e.g. the API key variable is unset', action: 'fallback', breaker: 'neither' },
  aborted: { matches: 'the client disconnected or pressed stop', action: 'stop', breaker: 'neither' },
  superseded: { matches: 'the answer settled, so this lane was no longer needed', action: 'stop', breaker: 'neither' },
  unknown: { matches: 'any other exception', action: 'fallback', breaker: 'failure' },
};

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);

/** True for the HTTP statuses that the table retries. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || (status >= 500 && status <= 599);
}

/** Classifies a failure by its reason, HTTP status and whether text had streamed. */
export function classifyFailure(failure: {
  reason: FailureReason;
  status?: number | undefined;
  afterFirstToken?: boolean;
  code?: UpstreamErrorCode | undefined;
}): ErrorClass {
  switch (failure.reason) {
    case 'http-status':
      if (failure.code === 'content_filter') return 'http-content-filter';
      if (failure.code === 'context_length_exceeded') return 'http-context-length';
      if (failure.status !== undefined && isRetryableStatus(failure.status)) return 'http-retryable';
      return failure.status === 401 || failure.status === 403 || failure.status === 404
        ? 'http-unusable'
        : 'http-client';
    case 'network':
      return failure.afterFirstToken ? 'network-after-first-token' : 'network-before-first-token';
    default:
      return failure.reason;
  }
}

/** Renders {@link ERROR_CLASSES} as the Markdown table that the README carries. */
export function renderErrorClassTable(): string {
  const rows = Object.entries(ERROR_CLASSES).map(
    ([name, rule]) => `| \`${name}\` | ${rule.matches} | ${rule.action} | ${rule.breaker} |`,
  );
  return ['| error class | matches | action | breaker counts it as |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** What {@link publicMessage} needs to know of a failure. */
export interface PublicFailure {
  reason: FailureReason;
  status?: number;
  validatorMessage?: string;
  code?: UpstreamErrorCode;
  /** The upstream's own message: shown for a content-filter refusal only. */
  upstreamMessage?: string;
}

/**
 * The generic text a browser sees for a failure. Upstream bodies, keys and stack traces never
 * reach it; they go to the logger. A validator's own message is shown, since the configuration
 * wrote it, and so is a content filter's reason, which is written for the person who asked.
 */
export function publicMessage(failure: PublicFailure): string {
  switch (failure.reason) {
    case 'http-status':
      if (failure.code === 'content_filter') {
        const why = failure.upstreamMessage?.trim();
        return `The model's content filter refused this request${why ? `: ${why}` : '.'}`;
      }
      if (failure.code === 'context_length_exceeded') return 'The conversation is too long for the model.';
      return failure.status === undefined
        ? 'The model answered with an error.'
        : `The model answered HTTP ${failure.status}.`;
    case 'network':
      return 'The connection to the model failed.';
    case 'timeout-headers':
      return 'The model did not respond in time.';
    case 'timeout-first-token':
      return 'The model did not start answering in time.';
    case 'timeout-idle':
      return 'The model stopped sending in mid-answer.';
    case 'timeout-total':
      return 'The lane ran out of time.';
    case 'incomplete':
      return "The model's answer was cut off.";
    case 'upstream-error':
      return 'The model reported an error while answering.';
    case 'validation':
      return failure.validatorMessage ?? 'The answer failed validation.';
    case 'low-confidence':
      return "The answer's confidence was below the threshold.";
    case 'breaker-open':
      return 'The model is temporarily skipped (its circuit breaker is open).';
    case 'aborted':
      return 'The turn was cancelled.';
    case 'superseded':
      return 'The answer was settled, so this lane was no longer needed.';
    case 'config':
      return 'The model is not configured on this server.';
    case 'unknown':
      return 'The model failed unexpectedly.';
  }
}
