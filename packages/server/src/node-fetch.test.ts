import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ByteBatches, leanFetchOf, takeByteBatches } from './http/byte-batches.js';
import { nodeFetch } from './node-fetch.js';
import { anthropic } from './providers/anthropic.js';
import { openaiCompatible } from './providers/openai-compatible.js';
import { type ProviderChunk, ProviderError } from './providers/types.js';
import { startAnthropicUpstream } from './testing/upstream-anthropic.js';
import { startOpenAIUpstream } from './testing/upstream-openai.js';
import type { FakeUpstream } from './testing/upstream-server.js';

// nodeFetch over real loopback sockets against the fault-injecting upstreams.
let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await startOpenAIUpstream();
});
afterEach(async () => {
  await upstream.close();
});

const messages = [{ role: 'user' as const, content: 'hi' }];

async function collect(stream: AsyncIterable<ProviderChunk>): Promise<{ chunks: ProviderChunk[]; error?: unknown }> {
  const chunks: ProviderChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks };
  } catch (error) {
    return { chunks, error };
  }
}

const textOf = (chunks: ProviderChunk[]) => chunks.map((c) => (c.type === 'text' ? c.text : '')).join('');

function gpt(signal = new AbortController().signal) {
  return openaiCompatible({ model: 'gpt', baseUrl: upstream.url, apiKey: 'sk-test', fetch: nodeFetch }).stream({
    model: 'gpt',
    messages,
    signal,
  });
}

describe('nodeFetch', () => {
  it('streams an answer split at every byte (multibyte text across chunk boundaries)', async () => {
    upstream.script = { splitEveryBytes: 1, tokens: ['Grüß ', 'dich ', '👋', ' 日本'] };
    const { chunks, error } = await collect(gpt());
    expect(error).toBeUndefined();
    expect(chunks[0]).toEqual({ type: 'headers', status: 200 });
    expect(textOf(chunks)).toBe('Grüß dich 👋 日本');
    expect(chunks.at(-1)?.type).toBe('end');
    const request = upstream.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(Number(request?.headers['content-length'])).toBe(Buffer.byteLength(request?.rawBody ?? ''));
    expect((request?.body as { stream?: boolean } | undefined)?.stream).toBe(true);
  });

  it('streams the Anthropic format too', async () => {
    const claudeUpstream = await startAnthropicUpstream({ tokens: ['Hallo ', 'wörld'] });
    try {
      const claude = anthropic({ model: 'claude', baseUrl: claudeUpstream.url, apiKey: 'k', fetch: nodeFetch });
      const { chunks, error } = await collect(
        claude.stream({ model: 'claude', messages, signal: new AbortController().signal }),
      );
      expect(error).toBeUndefined();
      expect(textOf(chunks)).toBe('Hallo wörld');
    } finally {
      await claudeUpstream.close();
    }
  });

  it('surfaces the status, Retry-After and the error message', async () => {
    upstream.script = { status: 429, retryAfter: '2', errorMessage: 'slow down' };
    const { error } = await collect(gpt());
    expect(error).toBeInstanceOf(ProviderError);
    const failure = error as ProviderError;
    expect(failure.reason).toBe('http-status');
    expect(failure.status).toBe(429);
    expect(failure.retryAfterMs).toBe(2000);
    expect(failure.message).toContain('slow down');
  });

  it('classifies a reset before the headers as a network failure before the first token', async () => {
    upstream.script = { resetBeforeHeaders: true };
    const { error } = await collect(gpt());
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).reason).toBe('network');
    expect((error as ProviderError).afterFirstToken).toBe(false);

    const raw = await nodeFetch(`${upstream.url}/chat/completions`, { method: 'POST', body: '{}' }).catch(
      (e: unknown) => e,
    );
    expect(raw).toBeInstanceOf(TypeError);
    expect((raw as TypeError).message).toBe('fetch failed');
    expect(((raw as TypeError).cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('classifies a reset after the first token as a network failure after the first token', async () => {
    upstream.script = { cutAfterTokens: 1, tokenDelayMs: 30 };
    const { chunks, error } = await collect(gpt());
    expect(textOf(chunks)).toBe('Hello');
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).reason).toBe('network');
    expect((error as ProviderError).afterFirstToken).toBe(true);
  });

  it('errors a body cut off mid-stream with TypeError("terminated")', async () => {
    upstream.script = { cutAfterTokens: 1, tokenDelayMs: 30 };
    const response = await nodeFetch(`${upstream.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('terminated');
  });

  it('closes the upstream socket at once when aborted mid-stream, and rejects with the reason', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const response = await nodeFetch(`${upstream.url}/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('closes the upstream socket when aborted before the headers', async () => {
    upstream.script = { headersDelayMs: 60_000 };
    const controller = new AbortController();
    const pending = nodeFetch(`${upstream.url}/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
    await expect(nodeFetch(upstream.url, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('the provider releases the upstream socket when its consumer stops early', async () => {
    upstream.script = { stallAfterTokens: 1 };
    for await (const chunk of gpt()) if (chunk.type === 'text') break;
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('follows redirects as fetch does (307 keeps the method and body, 303 turns into a GET)', async () => {
    const seen: string[] = [];
    const redirector: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url === '/a') res.writeHead(307, { location: '/b' }).end();
        else if (req.url === '/b') res.writeHead(303, { location: '/c' }).end();
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
      });
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as AddressInfo;
    try {
      const response = await nodeFetch(`http://127.0.0.1:${port}/a`, { method: 'POST', body: 'x=1' });
      expect(await response.text()).toBe('done');
      expect(seen).toEqual(['POST /a x=1', 'POST /b x=1', 'GET /c ']);
      const manual = await nodeFetch(`http://127.0.0.1:${port}/a`, { method: 'POST', body: 'x', redirect: 'manual' });
      expect(manual.status).toBe(307);
      expect(manual.headers.get('location')).toBe('/b');
    } finally {
      redirector.closeAllConnections();
      await new Promise((resolve) => redirector.close(resolve));
    }
  });

  it('rejects what fetch rejects: a GET with a body', async () => {
    await expect(nodeFetch(upstream.url, { method: 'GET', body: 'x' })).rejects.toBeInstanceOf(TypeError);
    expect(upstream.requests).toHaveLength(0);
  });

  it('hands a Request input to the global fetch', async () => {
    upstream.script = { status: 503 };
    const response = await nodeFetch(new Request(`${upstream.url}/chat/completions`, { method: 'POST', body: '{}' }));
    expect(response.status).toBe(503);
    await response.text();
  });
});

describe('nodeFetch bodies read in batches (what the built-in providers do)', () => {
  const post = (signal?: AbortSignal) =>
    nodeFetch(`${upstream.url}/chat/completions`, { method: 'POST', body: '{}', ...(signal ? { signal } : {}) });

  async function readAll(batches: ByteBatches): Promise<string> {
    const decoder = new TextDecoder();
    let text = '';
    for (let chunks = await batches.read(); chunks !== null; chunks = await batches.read()) {
      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  }

  it('yields the same bytes as response.body, split anywhere', async () => {
    upstream.script = { splitEveryBytes: 3 };
    const viaBody = await (await post()).text();
    const batches = takeByteBatches(await post());
    expect(batches).toBeDefined();
    expect(await readAll(batches as ByteBatches)).toBe(viaBody);
    expect(viaBody).toContain('data: [DONE]');
  });

  it('is one reader or the other: response.body or the batches, whichever comes first', async () => {
    const taken = await post();
    const batches = takeByteBatches(taken);
    expect(takeByteBatches(taken)).toBeUndefined();
    await expect(taken.text()).rejects.toBeInstanceOf(TypeError);
    await readAll(batches as ByteBatches);

    const read = await post();
    const reader = (read.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    // Plain Uint8Arrays, as fetch bodies yield, not Node Buffers.
    expect(value).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(value)).toBe(false);
    expect(takeByteBatches(read)).toBeUndefined();
    await reader.cancel();
    expect(takeByteBatches(new Response('x'))).toBeUndefined();
  });

  it('rejects with TypeError("terminated") when the body is cut off', async () => {
    upstream.script = { cutAfterTokens: 1, tokenDelayMs: 30 };
    const batches = takeByteBatches(await post()) as ByteBatches;
    const error = await readAll(batches).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('terminated');
  });

  it('rejects with the abort reason and closes the upstream socket at once when aborted', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const batches = takeByteBatches(await post(controller.signal)) as ByteBatches;
    await batches.read();
    const reason = new Error('stop');
    const pending = batches.read();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('has a lean variant for the built-in providers: no web stream, the same bytes in batches', async () => {
    const lean = leanFetchOf(nodeFetch) as typeof fetch;
    expect(lean).toBeTypeOf('function');
    const response = await lean(`${upstream.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    const text = await readAll(takeByteBatches(response) as ByteBatches);
    expect(text).toBe(await (await post()).text());
    // A wrapper is not a nodeFetch: its responses keep their body for whatever it does with them.
    expect(leanFetchOf((url, init) => nodeFetch(url, init))).toBeUndefined();
  });

  it('a provider reads through a wrapper around nodeFetch as well (the wrapper sees a full response)', async () => {
    const seen: (ReadableStream<Uint8Array> | null)[] = [];
    const wrapped: typeof fetch = async (url, init) => {
      const response = await nodeFetch(url, init);
      seen.push(response.body);
      return response;
    };
    upstream.script = { splitEveryBytes: 7 };
    const stream = openaiCompatible({ model: 'gpt', baseUrl: upstream.url, apiKey: 'sk-test', fetch: wrapped }).stream({
      model: 'gpt',
      messages,
      signal: new AbortController().signal,
    });
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe('Hello, wörld 👋');
    expect(seen[0]).toBeInstanceOf(ReadableStream);
  });

  it('cancel() closes the upstream socket; after the end it does nothing', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const stalled = takeByteBatches(await post()) as ByteBatches;
    await stalled.read();
    stalled.cancel();
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);

    upstream.script = {};
    const complete = takeByteBatches(await post()) as ByteBatches;
    await readAll(complete);
    complete.cancel();
    await upstream.requests[1]?.closed;
    expect(upstream.requests[1]?.clientAborted).toBe(false);
  });
});
