import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPSTREAM_PATHS, type UpstreamPath } from '../__fixtures__/matrix.js';
import { startAnthropicUpstream } from '../testing/upstream-anthropic.js';
import { DEFAULT_TOKENS, type FakeUpstream, sseFrame } from '../testing/upstream-server.js';
import { collect, piecewiseResponse, splitRandomly } from './__fixtures__/collect.js';
import { anthropic } from './anthropic.js';
import { type ProviderChunk, ProviderError, type ProviderRequest } from './types.js';

const KEY = 'sk-ant-test-secret-77';

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await startAnthropicUpstream();
});
afterEach(async () => {
  await upstream.close();
});

/** How the provider reaches its upstream (every path of the equivalence matrix). */
let path: UpstreamPath;

function provider(extra: { maxTokens?: number; malformedEvents?: 'fail' | 'skip' } = {}) {
  return anthropic({ model: 'claude-test', baseUrl: upstream.url, apiKey: KEY, ...path.options(), ...extra });
}

function request(extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    model: 'claude-test',
    messages: [{ role: 'user', content: 'Say hello' }],
    signal: new AbortController().signal,
    ...extra,
  };
}

function failure(error: unknown): ProviderError {
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe.each(UPSTREAM_PATHS)('anthropic over a real socket ($name)', (upstreamPath) => {
  beforeEach(() => {
    path = upstreamPath;
  });

  it('streams text, usage and message_stop, with the key only in x-api-key', async () => {
    const result = await collect(provider().stream(request()));
    expect(result.error).toBeUndefined();
    expect(result.chunks[0]).toEqual({ type: 'headers', status: 200 });
    expect(result.text).toBe(DEFAULT_TOKENS.join(''));
    // message_start's input tokens (the fake reports 10 + number of messages) with message_delta's output tokens
    expect(result.chunks).toContainEqual({ type: 'usage', inputTokens: 11, outputTokens: DEFAULT_TOKENS.length });
    expect(result.chunks.at(-1)).toEqual({ type: 'end', finishReason: 'end_turn' });

    const [sent] = upstream.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers['x-api-key']).toBe(KEY);
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.rawBody).not.toContain(KEY);
    expect(sent?.body).toEqual({
      model: 'claude-test',
      max_tokens: 1024,
      stream: true,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
  });

  it('moves system messages to `system`, drops empty ones and merges consecutive messages of one role', async () => {
    const messages: ProviderRequest['messages'] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'First' },
      { role: 'user', content: 'Second' },
      { role: 'assistant', content: 'Answer' },
      { role: 'system', content: 'Use English.' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'Third' },
    ];
    await collect(provider({ maxTokens: 300 }).stream(request({ messages, temperature: 0 })));
    expect(upstream.requests[0]?.body).toEqual({
      model: 'claude-test',
      max_tokens: 300,
      stream: true,
      temperature: 0,
      system: 'Be brief.\n\nUse English.',
      messages: [
        { role: 'user', content: 'First\n\nSecond' },
        { role: 'assistant', content: 'Answer' },
        { role: 'user', content: 'Third' },
      ],
    });
  });

  it('sends continueFrom as an assistant prefill without trailing whitespace, and drops the re-sent space', async () => {
    upstream.script = { tokens: [' wörld', '!'] };
    const result = await collect(provider().stream(request({ continueFrom: 'Hello, ', maxTokens: 50 })));
    const body = upstream.requests[0]?.body as { messages: unknown[]; max_tokens: number };
    expect(body.max_tokens).toBe(50);
    expect(body.messages.at(-1)).toEqual({ role: 'assistant', content: 'Hello,' });
    expect(result.text).toBe('wörld!');
  });

  it('reassembles events split at every byte, inside multibyte characters, around pings', async () => {
    upstream.script = { tokens: ['Grüße', ' 👋🏽', ' 日本語'], splitEveryBytes: 1, keepAlives: 2 };
    const result = await collect(provider().stream(request()));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Grüße 👋🏽 日本語');
    expect(result.chunks.at(-1)?.type).toBe('end');
  });

  it('turns 529 overloaded with an HTTP-date Retry-After into http-status with retryAfterMs', async () => {
    const later = new Date(Date.now() + 60_000).toUTCString();
    upstream.script = { status: 529, retryAfter: later, errorMessage: 'Overloaded' };
    const result = await collect(provider().stream(request()));
    expect(result.chunks).toEqual([{ type: 'headers', status: 529 }]);
    const error = failure(result.error);
    expect(error).toMatchObject({ reason: 'http-status', status: 529 });
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(error.message).toContain('Overloaded');
  });

  it('never repeats the key when a 401 body echoes it', async () => {
    upstream.script = { status: 401, errorMessage: `invalid x-api-key ${KEY}` };
    const error = failure((await collect(provider().stream(request()))).error);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(KEY);
  });

  it('never repeats the key when an in-band error event echoes it', async () => {
    upstream.script = { errorEventAfterTokens: 0, errorMessage: `bad key ${KEY}` };
    const error = failure((await collect(provider().stream(request()))).error);
    expect(error.reason).toBe('upstream-error');
    expect(error.message).not.toContain(KEY);
  });

  it('throws upstream-error for an in-band `error` event inside a 200 stream', async () => {
    upstream.script = { errorEventAfterTokens: 2, errorMessage: 'Overloaded' };
    const result = await collect(provider().stream(request()));
    expect(result.text).toBe(DEFAULT_TOKENS.slice(0, 2).join(''));
    const error = failure(result.error);
    expect(error).toMatchObject({ reason: 'upstream-error', afterFirstToken: true });
    expect(error.message).toContain('overloaded_error');
  });

  it.each([
    ['a stop_reason but no message_stop (as the SDK, which calls it unfinished)', { noTerminator: true }, 4],
    ['neither', { truncateAfterTokens: 3 }, 3],
  ])('yields no end chunk when the stream ends cleanly with %s', async (_name, script, tokens) => {
    upstream.script = script;
    const result = await collect(provider().stream(request()));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(DEFAULT_TOKENS.slice(0, tokens).join(''));
    expect(result.chunks.some((chunk) => chunk.type === 'end')).toBe(false);
  });

  it('fails on an event that is not JSON by default, and skips it with malformedEvents: skip', async () => {
    upstream.script = { malformedEventAfterTokens: 1, tokenDelayMs: 5 };
    const failed = await collect(provider().stream(request()));
    expect(failed.text).toBe(DEFAULT_TOKENS[0]);
    expect(failure(failed.error)).toMatchObject({ reason: 'upstream-error', afterFirstToken: true });
    const skipped = await collect(provider({ malformedEvents: 'skip' }).stream(request()));
    expect(skipped.error).toBeUndefined();
    expect(skipped.text).toBe(DEFAULT_TOKENS.join(''));
    expect(skipped.chunks.at(-1)).toEqual({ type: 'end', finishReason: 'end_turn' });
  });

  it('classifies resets before headers, before the first token and after it', async () => {
    upstream.enqueue(
      { resetBeforeHeaders: true },
      { cutAfterTokens: 0, firstTokenDelayMs: 20 },
      { cutAfterTokens: 1, tokenDelayMs: 20 },
    );
    const beforeHeaders = await collect(provider().stream(request()));
    expect(beforeHeaders.chunks).toEqual([]);
    expect(failure(beforeHeaders.error)).toMatchObject({ reason: 'network', afterFirstToken: false });

    const beforeToken = await collect(provider().stream(request()));
    expect(beforeToken.chunks).toEqual([{ type: 'headers', status: 200 }]);
    expect(failure(beforeToken.error)).toMatchObject({ reason: 'network', afterFirstToken: false });

    const afterToken = await collect(provider().stream(request()));
    expect(afterToken.text).toBe(DEFAULT_TOKENS[0]);
    expect(failure(afterToken.error)).toMatchObject({ reason: 'network', afterFirstToken: true });
  });

  it('signals headers before a slow first token, and lets the runner abort slow headers', async () => {
    upstream.enqueue({ firstTokenDelayMs: 10_000 }, { headersDelayMs: 10_000 });
    const first = new AbortController();
    const slowToken = await collect(provider().stream(request({ signal: first.signal })), (chunk) => {
      if (chunk.type === 'headers') first.abort();
    });
    expect(slowToken.chunks).toEqual([{ type: 'headers', status: 200 }]);
    expect(failure(slowToken.error)).toMatchObject({ reason: 'aborted', afterFirstToken: false });

    const second = new AbortController();
    const pending = collect(provider().stream(request({ signal: second.signal })));
    while (upstream.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    second.abort(new ProviderError('timeout-headers', 'no headers in time'));
    const slowHeaders = await pending;
    expect(slowHeaders.chunks).toEqual([]);
    expect(failure(slowHeaders.error).reason).toBe('timeout-headers');
    await Promise.all(upstream.requests.map((r) => r.closed));
    expect(upstream.requests.map((r) => r.clientAborted)).toEqual([true, true]);
  });

  it('aborting a stalled stream closes the upstream socket and reports the runner’s reason', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const idle = new ProviderError('timeout-idle', 'idle gap too long', { afterFirstToken: true });
    const result = await collect(provider().stream(request({ signal: controller.signal })), (chunk) => {
      if (chunk.type === 'text') controller.abort(idle);
    });
    expect(result.error).toBe(idle);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });
});

describe('anthropic stream parsing (byte-exact splits, no socket)', () => {
  const frames = [
    sseFrame({ type: 'message_start', message: { usage: { input_tokens: 7, output_tokens: 1 } } }, 'message_start'),
    sseFrame(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start',
    ),
    'event: ping\ndata: {"type": "ping"}\n\n',
    sseFrame(
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Ça va ' } },
      'content_block_delta',
    ),
    sseFrame(
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } },
      'content_block_delta',
    ),
    sseFrame(
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '🙂' } },
      'content_block_delta',
    ),
    sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sseFrame(
      { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } },
      'message_delta',
    ),
    sseFrame({ type: 'message_stop' }, 'message_stop'),
  ].join('');
  const bytes = new TextEncoder().encode(frames);

  it.each([1, 4, 9, 21])('gives the same chunks for every random split (seed %i)', async (seed) => {
    const fake: typeof fetch = async () => piecewiseResponse(splitRandomly(bytes, seed, 5));
    const result = await collect(anthropic({ model: 'c', fetch: fake }).stream(request({ model: 'c' })));
    expect(result.chunks).toEqual<ProviderChunk[]>([
      { type: 'headers', status: 200 },
      { type: 'text', text: 'Ça va ' },
      { type: 'text', text: '🙂' },
      { type: 'usage', inputTokens: 7, outputTokens: 3 },
      { type: 'end', finishReason: 'max_tokens' },
    ]);
  });
});
