import { type HttpError, jsonError } from './json-error.js';

/** OpenAI-style `type` of each status the handler answers itself. */
function openaiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 503) return 'overloaded_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

/**
 * The handler's own error (routing, the guard) as its route's clients read errors: on the
 * OpenAI-compatible routes (`/v1/…`) as `{"error":{"message","type","param","code"}}`, which
 * OpenAI SDKs parse, elsewhere as `{"error":{"code","message","field"?}}`.
 */
export function routeError(error: HttpError, pathname: string): Response {
  if (!pathname.startsWith('/v1/')) return jsonError(error);
  const body = {
    error: { message: error.message, type: openaiType(error.status), param: error.field ?? null, code: error.code },
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...error.headers },
  });
}
