/** Machine-readable codes of the JSON errors the handler answers with. */
export type HttpErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unknown_chain'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'origin_not_allowed'
  | 'misdirected_request'
  | 'turn_rate_limited'
  | 'token_rate_limited'
  | 'concurrency_limited'
  | 'overloaded'
  | 'internal';

/** An error the router turns into a JSON response. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The JSON error body: `{"error":{"code","message","field"?}}`.
 *
 * @example
 * ```ts
 * jsonError(new HttpError(400, 'invalid_request', 'messages must not be empty', 'messages'));
 * ```
 */
export function jsonError(error: HttpError): Response {
  const body: { code: string; message: string; field?: string } = { code: error.code, message: error.message };
  if (error.field !== undefined) body.field = error.field;
  return jsonResponse({ error: body }, error.status, error.headers);
}

/** A JSON response that no cache keeps. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}
