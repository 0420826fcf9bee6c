import { describe, expect, it } from 'vitest';
import { retryAfterFromHeaders } from './retry-after.js';

const now = Date.UTC(2026, 10, 29, 3, 0, 0);

describe('retryAfterFromHeaders', () => {
  it('reads delay-seconds, including fractions', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': ' 0.5 ' }), now)).toBe(500);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    const inTen = new Date(now + 10_000).toUTCString();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': inTen }), now)).toBe(10_000);
    const past = new Date(now - 10_000).toUTCString();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': past }), now)).toBe(0);
  });

  it('prefers retry-after-ms over retry-after', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('ignores missing and unparseable values', () => {
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '-1' }), now)).toBeUndefined();
  });
});
