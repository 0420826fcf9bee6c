import type { FailureReason } from '@cascadekit/core';

/** `type` values of the gateway's OpenAI-style errors. */
export type OpenAIErrorType = 'invalid_request_error' | 'api_error' | 'upstream_error' | 'timeout_error';

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
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * The error for a lane that failed before any text reached the client. Timeouts map to 504,
 * an open breaker to 503, everything upstream to 502. `message` is the runner's safe text.
 */
export function laneFailure(reason: FailureReason, message: string): GatewayError {
  if (reason.startsWith('timeout-')) return new GatewayError(504, 'timeout_error', reason, message);
  if (reason === 'breaker-open') return new GatewayError(503, 'upstream_error', reason, message);
  if (reason === 'aborted') return new GatewayError(499, 'api_error', reason, message);
  return new GatewayError(502, 'upstream_error', reason, message);
}
