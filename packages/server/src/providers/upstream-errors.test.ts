import { describe, expect, it } from 'vitest';
import { streamByteSource } from './byte-source.js';
import { statusError } from './upstream-errors.js';

const KEY = 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz';

function answer(status: number, body: string) {
  return { status, headers: new Headers(), body: streamByteSource(new Response(body).body) };
}

const call = { provider: 'openai', signal: new AbortController().signal, secrets: [KEY] };

/** True when any 8 characters of the key appear in `text`. */
const leaks = (text: string) =>
  Array.from({ length: KEY.length - 7 }, (_, i) => KEY.slice(i, i + 8)).some((part) => text.includes(part));

describe('upstream error messages', () => {
  it.each([
    ['plain text', `${'x'.repeat(290)} ${KEY} trailing`],
    ['a JSON message', JSON.stringify({ error: { message: `${'y'.repeat(280)} key ${KEY} was refused` } })],
  ])('never carry part of a key cut at the 300th character (%s)', async (_kind, body) => {
    const error = await statusError(answer(401, body), call);
    expect(error.message).toMatch(/^openai upstream answered HTTP 401: /);
    expect(leaks(error.message)).toBe(false);
  });

  it('replace a whole key shown early in the message', async () => {
    const error = await statusError(answer(401, `Incorrect API key provided: ${KEY}.`), call);
    expect(error.message).toBe('openai upstream answered HTTP 401: Incorrect API key provided: [redacted].');
  });
});
