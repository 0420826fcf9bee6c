import { describe, expect, it } from 'vitest';
import { readSettings, writeSettings } from './settings';

describe('demo settings in the query string', () => {
  it('reads known values and falls back to the defaults for unknown ones', () => {
    expect(readSettings('?merge=diff&reveal=stream&theme=dark&earlyAccept=on&scenario=final-fails')).toEqual({
      merge: 'diff',
      reveal: 'stream',
      theme: 'dark',
      earlyAccept: 'on',
      scenario: 'final-fails',
    });
    expect(readSettings('?merge=<script>&reveal=&theme=blue')).toEqual({
      merge: 'replace',
      reveal: 'on-validated',
      theme: 'auto',
      earlyAccept: 'off',
      scenario: 'default',
    });
  });

  it('writes only what differs from the defaults, keeping other parameters', () => {
    const href = writeSettings('http://127.0.0.1:3000/?x=1&merge=diff', {
      merge: 'replace',
      reveal: 'stream',
      theme: 'auto',
      earlyAccept: 'off',
      scenario: 'default',
    });
    expect(new URL(href).search).toBe('?x=1&reveal=stream');
    expect(readSettings(new URL(href).search).reveal).toBe('stream');
  });
});
