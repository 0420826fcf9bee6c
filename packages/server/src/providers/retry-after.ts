/**
 * Reads how long an upstream asked us to wait, in milliseconds, from `retry-after-ms`
 * (OpenAI's precise variant) or `Retry-After` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3).
 * Returns `undefined` when neither header is present or parseable; a date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // 2000
 * ```
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const precise = headers.get('retry-after-ms')?.trim();
  if (precise && /^\d+(\.\d+)?$/.test(precise)) return Math.round(Number(precise));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP-date always names a weekday and month; this keeps `Date.parse('-1')` (a year) out.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
