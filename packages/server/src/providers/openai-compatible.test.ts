import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPSTREAM_PATHS, type UpstreamPath } from '../__fixtures__/matrix.js';
import { startOpenAIUpstream } from '../testing/upstream-openai.js';
import { DEFAULT_TOKENS, type FakeUpstream, sseFrame } from '../testing/upstream-server.js';
import { collect, piecewiseResponse, splitRandomly } from './__fixtures__/collect.js';
import { openaiCompatible } from './openai-compatible.js';
import { type ProviderChunk, ProviderError, type ProviderRequest } from './types.js';

const KEY = 'sk-test-secret-4242';
const messages: ProviderRequest['messages'] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Say hello' },
];

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await startOpenAIUpstream();
});
afterEach(async () => {
  await upstream.close();
});

/** How the provider reaches its upstream (every path of the equivalence matrix). */
let path: UpstreamPath;

function provider(extra: { malformedEvents?: 'fail' | 'skip' } = {}) {
  return openaiCompatible({
    model: 'gpt-test',
    baseUrl: upstream.url,
    apiKey: KEY,
    headers: { 'x-title': 'ck' },
    ...path.options(),
    ...extra,
  });
}

function request(extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return { model: 'gpt-test', messages, signal: new AbortController().signal, ...extra };
}

function failure(error: unknown): ProviderError {
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe.each(UPSTREAM_PATHS)('openaiCompatible over a real socket ($name)', (upstreamPath) => {
  beforeEach(() => {
    path = upstreamPath;
  });

  it('streams text, usage and the [DONE] terminator, sending the key only as a header', async () => {
    const result = await collect(provider().stream(request({ maxTokens: 64, temperature: 0.2 })));
    expect(result.error).toBeUndefined();
    expect(result.chunks[0]).toEqual({ type: 'headers', status: 200 });
    expect(result.text).toBe(DEFAULT_TOKENS.join(''));
    expect(result.chunks).toContainEqual({ type: 'usage', inputTokens: 12, outputTokens: DEFAULT_TOKENS.length });
    expect(result.chunks.at(-1)).toEqual({ type: 'end', finishReason: 'stop' });

    const [sent] = upstream.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.headers['x-title']).toBe('ck');
    expect(sent?.rawBody).not.toContain(KEY);
    expect(sent?.body).toEqual({
      model: 'gpt-test',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.2,
    });
  });

  it('sends no Authorization header when no key is configured (Ollama, llama.cpp)', async () => {
    const local = openaiCompatible({ model: 'llama3.2', baseUrl: `${upstream.url}/`, ...path.options() });
    const result = await collect(local.stream(request({ model: 'llama3.2' })));
    expect(result.text).toBe(DEFAULT_TOKENS.join(''));
    expect(upstream.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('reassembles frames split at every byte, inside multibyte characters, around keep-alive comments', async () => {
    upstream.script = { tokens: ['Grüße', ' 👋🏽', ' 日本語', '!'], splitEveryBytes: 1, keepAlives: 2 };
    const result = await collect(provider().stream(request()));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Grüße 👋🏽 日本語!');
    expect(result.chunks.filter((chunk) => chunk.type === 'text')).toHaveLength(4);
    expect(result.chunks.at(-1)?.type).toBe('end');
  });

  it('sums token log-probabilities into each text chunk when asked', async () => {
    upstream.script = { tokens: ['a', 'b'], logprobs: [-0.5, -1.25] };
    const result = await collect(provider().stream(request({ logprobs: true })));
    expect(upstream.requests[0]?.body).toMatchObject({ logprobs: true });
    const texts = result.chunks.filter((chunk) => chunk.type === 'text');
    expect(texts).toEqual([
      { type: 'text', text: 'a', logprob: -0.5, tokens: 1 },
      { type: 'text', text: 'b', logprob: -1.25, tokens: 1 },
    ]);
  });

  it('turns 429 with Retry-After into http-status with retryAfterMs, after a headers chunk', async () => {
    upstream.script = { status: 429, retryAfter: '2', errorMessage: 'Rate limit reached' };
    const result = await collect(provider().stream(request()));
    expect(result.chunks).toEqual([{ type: 'headers', status: 429 }]);
    const error = failure(result.error);
    expect(error.reason).toBe('http-status');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.message).toContain('Rate limit reached');
  });

  it('reports a 503 without Retry-After and never repeats a key the upstream echoes', async () => {
    upstream.script = { status: 401, errorMessage: `Incorrect API key provided: ${KEY}` };
    const unauthorized = failure((await collect(provider().stream(request()))).error);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.message).not.toContain(KEY);
    expect(unauthorized.message).toContain('[redacted]');

    upstream.script = { status: 503 };
    const unavailable = failure((await collect(provider().stream(request()))).error);
    expect(unavailable.status).toBe(503);
    expect(unavailable.retryAfterMs).toBeUndefined();
  });

  it('classifies a reset before the headers as a network error before the first token', async () => {
    upstream.script = { resetBeforeHeaders: true };
    const result = await collect(provider().stream(request()));
    expect(result.chunks).toEqual([]);
    const error = failure(result.error);
    expect(error.reason).toBe('network');
    expect(error.afterFirstToken).toBe(false);
  });

  it('classifies a reset after the headers but before any text as network, before the first token', async () => {
    upstream.script = { cutAfterTokens: 0, firstTokenDelayMs: 20 };
    const result = await collect(provider().stream(request()));
    expect(result.chunks).toEqual([{ type: 'headers', status: 200 }]);
    expect(failure(result.error)).toMatchObject({ reason: 'network', afterFirstToken: false });
  });

  it('classifies a reset mid-stream as network after the first token, keeping the text so far', async () => {
    upstream.script = { cutAfterTokens: 2, tokenDelayMs: 20 };
    const result = await collect(provider().stream(request()));
    expect(result.text).toBe(DEFAULT_TOKENS.slice(0, 2).join(''));
    expect(failure(result.error)).toMatchObject({ reason: 'network', afterFirstToken: true });
  });

  it('reports a refused connection as network', async () => {
    const dead = openaiCompatible({ model: 'gpt-test', baseUrl: upstream.url, ...path.options() });
    await upstream.close();
    const error = failure((await collect(dead.stream(request()))).error);
    expect(error.reason).toBe('network');
    upstream = await startOpenAIUpstream();
  });

  it('completes a stream that gave its finish_reason and ended cleanly without [DONE]', async () => {
    upstream.script = { noTerminator: true, finishReason: 'length' };
    const result = await collect(provider().stream(request()));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_TOKENS.join(''));
    expect(result.chunks.at(-1)).toEqual({ type: 'end', finishReason: 'length' });
  });

  it('yields no end chunk when a 200 stream ends cleanly without a finish_reason', async () => {
    upstream.script = { truncateAfterTokens: 2 };
    const result = await collect(provider().stream(request()));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_TOKENS.slice(0, 2).join(''));
    expect(result.chunks.some((chunk) => chunk.type === 'end')).toBe(false);
  });

  it('fails on an event that is not JSON by default, and skips it with malformedEvents: skip', async () => {
    upstream.script = { malformedEventAfterTokens: 2, tokenDelayMs: 5 };
    const failed = await collect(provider().stream(request()));
    expect(failed.text).toBe(DEFAULT_TOKENS.slice(0, 2).join(''));
    expect(failure(failed.error)).toMatchObject({ reason: 'upstream-error', afterFirstToken: true });
    const skipped = await collect(provider({ malformedEvents: 'skip' }).stream(request()));
    expect(skipped.error).toBeUndefined();
    expect(skipped.text).toBe(DEFAULT_TOKENS.join(''));
    expect(skipped.chunks.at(-1)).toEqual({ type: 'end', finishReason: 'stop' });
  });

  it('throws upstream-error for an in-band error event inside a 200 stream', async () => {
    upstream.script = { errorEventAfterTokens: 1, errorMessage: 'The server is overloaded' };
    const result = await collect(provider().stream(request()));
    expect(result.text).toBe(DEFAULT_TOKENS[0]);
    const error = failure(result.error);
    expect(error.reason).toBe('upstream-error');
    expect(error.afterFirstToken).toBe(true);
    expect(error.message).toContain('overloaded');
  });

  it('signals headers before a slow first token; aborting then closes the upstream socket', async () => {
    upstream.script = { firstTokenDelayMs: 10_000 };
    const controller = new AbortController();
    const timeout = new ProviderError('timeout-first-token', 'no first token in time');
    const result = await collect(provider().stream(request({ signal: controller.signal })), (chunk) => {
      if (chunk.type === 'headers') controller.abort(timeout);
    });
    expect(result.chunks).toEqual([{ type: 'headers', status: 200 }]);
    expect(result.error).toBe(timeout);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('lets the runner abort a request whose headers are slow', async () => {
    upstream.script = { headersDelayMs: 10_000 };
    const controller = new AbortController();
    const stream = provider().stream(request({ signal: controller.signal }));
    const pending = collect(stream);
    await waitFor(() => upstream.requests.length === 1);
    controller.abort();
    const result = await pending;
    expect(result.chunks).toEqual([]);
    expect(failure(result.error)).toMatchObject({ reason: 'aborted', afterFirstToken: false });
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('aborts a stalled stream after the first token with afterFirstToken set', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const result = await collect(provider().stream(request({ signal: controller.signal })), (chunk) => {
      if (chunk.type === 'text') controller.abort();
    });
    expect(result.text).toBe(DEFAULT_TOKENS[0]);
    expect(failure(result.error)).toMatchObject({ reason: 'aborted', afterFirstToken: true });
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('closes the upstream socket when the consumer stops iterating without aborting', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const result = await collect(provider().stream(request()), (chunk) => (chunk.type === 'text' ? 'stop' : undefined));
    expect(result.text).toBe(DEFAULT_TOKENS[0]);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('sends continueFrom as a trailing assistant message (a prefill) and nothing else', async () => {
    upstream.script = { prefill: 'continue' };
    const result = await collect(provider().stream(request({ continueFrom: 'Hello, wö' })));
    const body = upstream.requests[0]?.body as { messages: unknown[] };
    expect(body.messages).toEqual([...messages, { role: 'assistant', content: 'Hello, wö' }]);
    expect(result.text).toBe('rld 👋');
  });
});

describe('openaiCompatible stream parsing (byte-exact splits, no socket)', () => {
  const frames = [
    ': keep-alive\n\n',
    sseFrame({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
    sseFrame({ choices: [{ index: 0, delta: { content: 'Zürich ' } }] }),
    'data: {"choices":[{"index":0,"delta":{"content":"🌧️ ok"}}]}\r\n\r\n',
    sseFrame({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] }),
    sseFrame({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } }),
    'data: [DONE]\n\n',
  ].join('');
  const bytes = new TextEncoder().encode(frames);

  it.each([1, 2, 3, 5, 8, 13])('gives the same chunks for every random split (seed %i)', async (seed) => {
    const pieces = splitRandomly(bytes, seed);
    const fake: typeof fetch = async () => piecewiseResponse(pieces);
    const stream = openaiCompatible({ model: 'm', fetch: fake, apiKey: 'k' }).stream(request({ model: 'm' }));
    const result = await collect(stream);
    expect(result.chunks).toEqual<ProviderChunk[]>([
      { type: 'headers', status: 200 },
      { type: 'text', text: 'Zürich ' },
      { type: 'text', text: '🌧️ ok' },
      { type: 'usage', inputTokens: 3, outputTokens: 4 },
      { type: 'end', finishReason: 'length' },
    ]);
  });

  it('throws upstream-error on a data line that is not JSON', async () => {
    const fake: typeof fetch = async () => piecewiseResponse([new TextEncoder().encode('data: {oops\n\n')]);
    const result = await collect(openaiCompatible({ model: 'm', fetch: fake }).stream(request({ model: 'm' })));
    expect(failure(result.error).reason).toBe('upstream-error');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
