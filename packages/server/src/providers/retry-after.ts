import { parseRetryAfter } from '../policies/retry.js';

/**
 * Reads how long an upstream asked us to wait, in milliseconds, from `retry-after-ms`
 * (OpenAI's precise variant) or `Retry-After` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3,
 * parsed by the retry policy's {@link parseRetryAfter}). Returns `undefined` when neither header
 * is present or parseable; a date in the past gives 0.
 *
 * @example
 * ```ts
 * retryAfterFromHeaders(new Headers({ 'retry-after': '2' })); // 2000
 * ```
 */
export function retryAfterFromHeaders(
  headers: { get(name: string): string | null },
  now: number = Date.now(),
): number | undefined {
  const precise = headers.get('retry-after-ms')?.trim();
  if (precise && /^\d+(\.\d+)?$/.test(precise)) return Math.round(Number(precise));
  return parseRetryAfter(headers.get('retry-after'), now);
}
