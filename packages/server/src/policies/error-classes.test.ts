import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFailure, ERROR_CLASSES, isRetryableStatus, renderErrorClassTable } from './error-classes.js';

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- error-classes:start (generated from src/policies/error-classes.ts) -->';
const END = '<!-- error-classes:end -->';

/** A Markdown table as rows of trimmed cells, so the formatter's column padding does not matter. */
const cells = (table: string) =>
  table
    .trim()
    .split('\n')
    .map((row) =>
      row
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/^-+$/, '---')),
    );

describe('the error-class table', () => {
  it('in the README is the one the code follows (UPDATE_README=1 rewrites it)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, 'README markers').toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const current = readme.slice(start + START.length, end).trim();
    const expected = renderErrorClassTable();
    if (process.env.UPDATE_README === '1' && JSON.stringify(cells(current)) !== JSON.stringify(cells(expected))) {
      writeFileSync(README, `${readme.slice(0, start + START.length)}\n${expected}\n${readme.slice(end)}`);
      return;
    }
    expect(cells(current)).toEqual(cells(expected));
  });

  it('classifies statuses as the issue asks: 408, 409, 425, 429, 5xx retry; other 4xx fall back', () => {
    for (const status of [408, 409, 425, 429, 500, 502, 503, 504, 529, 599]) {
      expect(isRetryableStatus(status), String(status)).toBe(true);
      expect(ERROR_CLASSES[classifyFailure({ reason: 'http-status', status })].action).toBe('retry');
    }
    for (const status of [400, 401, 403, 404, 410, 422]) {
      expect(ERROR_CLASSES[classifyFailure({ reason: 'http-status', status })].action).toBe('fallback');
    }
  });

  it('lets the breaker count 401, 403 and 404 (a model unusable on every turn) but not other 4xx', () => {
    for (const status of [401, 403, 404]) {
      expect(ERROR_CLASSES[classifyFailure({ reason: 'http-status', status })].breaker, String(status)).toBe('failure');
    }
    for (const status of [400, 413, 422]) {
      expect(ERROR_CLASSES[classifyFailure({ reason: 'http-status', status })].breaker, String(status)).toBe('neither');
    }
  });

  it('splits network errors at the first token and maps every other reason to its own class', () => {
    expect(classifyFailure({ reason: 'network' })).toBe('network-before-first-token');
    expect(classifyFailure({ reason: 'network', afterFirstToken: true })).toBe('network-after-first-token');
    expect(classifyFailure({ reason: 'timeout-idle' })).toBe('timeout-idle');
    expect(ERROR_CLASSES.aborted.action).toBe('stop');
    expect(ERROR_CLASSES['timeout-total'].action).toBe('stop');
  });
});
