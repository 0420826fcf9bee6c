import type { FailureReason, LaneFailureCode } from '@cascadekit/core';

/** `type` values of the gateway's OpenAI-style errors. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'api_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'rate_limit_error';

/** An error the gateway answers with as `{"error":{"message","type","param","code"}}`, like OpenAI does. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly type: OpenAIErrorType,
    readonly code: string,
    message: string,
    /** The request field at fault, when there is one. */
    readonly param: string | null = null,
    /** Headers of the answer, e.g. `retry-after`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The OpenAI-shaped body. */
  toJSON(): { error: { message: string; type: OpenAIErrorType; param: string | null; code: string } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A JSON response carrying `error`'s OpenAI-shaped body. */
export function gatewayErrorResponse(error: GatewayError): Response {
  return new Response(JSON.stringify(error), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...error.headers },
  });
}

/** What a lane's `lane-failed` says (the protocol event's fields). */
export interface LaneFailure {
  reason: FailureReason;
  message: string;
  code?: LaneFailureCode | undefined;
  retryAfterMs?: number | undefined;
}

/** `Retry-After` in whole seconds (rounded up) for a wait in ms; 1 when the upstreams named none. */
export function retryAfterSeconds(ms: number | undefined): string {
  return String(ms === undefined ? 1 : Math.ceil(ms / 1000));
}

/**
 * The error for a lane that failed before any text reached the client. Every model rate limited
 * maps to 429 with the smallest upstream `Retry-After`; a content filter's refusal and a
 * conversation too long for every model to 400 (the request's fault, in OpenAI's codes);
 * timeouts to 504, an open breaker to 503, everything else upstream to 502. `message` is the
 * runner's safe text.
 */
export function laneFailure({ reason, message, code, retryAfterMs }: LaneFailure): GatewayError {
  switch (code) {
    case 'rate_limited':
      return new GatewayError(429, 'rate_limit_error', 'rate_limit_exceeded', message, null, {
        'retry-after': retryAfterSeconds(retryAfterMs),
      });
    case 'content_filter':
      return new GatewayError(400, 'invalid_request_error', 'content_filter', message);
    case 'context_length_exceeded':
      return new GatewayError(400, 'invalid_request_error', 'context_length_exceeded', message, 'messages');
  }
  if (reason.startsWith('timeout-')) return new GatewayError(504, 'timeout_error', reason, message);
  if (reason === 'breaker-open') return new GatewayError(503, 'upstream_error', reason, message);
  if (reason === 'aborted') return new GatewayError(499, 'api_error', reason, message);
  return new GatewayError(502, 'upstream_error', reason, message);
}
