import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ByteSource } from '../providers/byte-source.js';
import type { UpstreamRequest } from '../providers/transport.js';
import { startOpenAIUpstream } from '../testing/upstream-openai.js';
import type { FakeUpstream } from '../testing/upstream-server.js';
import { nodeTransport } from './transport.js';

// The Node transport over real loopback sockets. What providers see through it (chunks, failures,
// cancellation) runs in the equivalence matrix; here is what only the transport does.
let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await startOpenAIUpstream();
});
afterEach(async () => {
  await upstream.close();
});

const transport = nodeTransport();
const call = (url: string, extra: Partial<UpstreamRequest> = {}): UpstreamRequest => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
  signal: new AbortController().signal,
  ...extra,
});

async function readAll(body: ByteSource, sizes: number[] = []): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for (let chunks = await body.read(); chunks !== null; chunks = await body.read()) {
    sizes.push(chunks.length);
    for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** A plain server for one test; `handle` answers every request. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('nodeTransport', () => {
  it('hands over what arrived since the last read at once, byte for byte', async () => {
    upstream.script = { splitEveryBytes: 1 };
    const response = await transport.request(call(`${upstream.url}/chat/completions`));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/event-stream; charset=utf-8');
    const sizes: number[] = [];
    const text = await readAll(response.body, sizes);
    expect(text).toContain('"content":"wörld"');
    expect(text).toContain('data: [DONE]');
    // Split at every byte, the body arrives in many chunks; a read takes every one that is there.
    expect(sizes.some((size) => size > 1)).toBe(true);
    const sent = upstream.requests[0];
    expect(sent?.headers['content-length']).toBe('2');
    expect(sent?.headers['content-type']).toBe('application/json');
  });

  it('rejects a failed connection as fetch does: TypeError("fetch failed") with the socket error as cause', async () => {
    upstream.script = { resetBeforeHeaders: true };
    const error = await transport.request(call(`${upstream.url}/chat/completions`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('errors a body cut off mid-stream with TypeError("terminated")', async () => {
    upstream.script = { cutAfterTokens: 1, tokenDelayMs: 30 };
    const response = await transport.request(call(`${upstream.url}/chat/completions`));
    const error = await readAll(response.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('terminated');
  });

  it('closes the socket at once when aborted mid-stream; the read rejects with the reason', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const response = await transport.request(call(`${upstream.url}/chat/completions`, { signal: controller.signal }));
    await response.body.read();
    const reason = new Error('stop');
    const pending = response.body.read();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('closes the socket when aborted before the head, and rejects at once when aborted already', async () => {
    upstream.script = { headersDelayMs: 60_000 };
    const controller = new AbortController();
    const pending = transport.request(call(`${upstream.url}/chat/completions`, { signal: controller.signal }));
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
    await expect(transport.request(call(upstream.url, { signal: controller.signal }))).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('cancel() closes the socket; after the end it does nothing and the socket is reused', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const stalled = await transport.request(call(`${upstream.url}/chat/completions`));
    await stalled.body.read();
    stalled.body.cancel();
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);

    upstream.script = {};
    const complete = await transport.request(call(`${upstream.url}/chat/completions`));
    await readAll(complete.body);
    complete.body.cancel();
    const again = await transport.request(call(`${upstream.url}/chat/completions`));
    await readAll(again.body);
    expect(upstream.requests[1]?.clientAborted).toBe(false);
    expect(upstream.requests[2]?.headers.connection).toBe('keep-alive');
  });

  it('follows redirects as fetch does: 307 keeps method and body, 303 turns into a GET, other origins lose the key', async () => {
    const seen: string[] = [];
    const other = await serve((req, res) => {
      seen.push(`other ${req.method} ${req.url} ${req.headers.authorization ?? 'no key'}`);
      res.end('elsewhere');
    });
    const redirector = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url === '/a') res.writeHead(307, { location: '/b' }).end();
        else if (req.url === '/b') res.writeHead(303, { location: '/c' }).end();
        else if (req.url === '/c') res.writeHead(302, { location: `${other.url}/d` }).end();
        else res.end('done');
      });
    });
    try {
      const response = await transport.request(
        call(`${redirector.url}/a`, { body: 'x=1', headers: { authorization: 'Bearer k' } }),
      );
      expect(await readAll(response.body)).toBe('elsewhere');
      expect(seen).toEqual(['POST /a x=1', 'POST /b x=1', 'GET /c ', 'other GET /d no key']);
    } finally {
      await Promise.all([redirector.close(), other.close()]);
    }
  });

  it('decodes gzip and br bodies', async () => {
    const text = 'data: {"hello":"wörld"}\n\n'.repeat(50);
    const compressed = await serve((req, res) => {
      const encoding = req.url === '/gzip' ? 'gzip' : 'br';
      res.writeHead(200, { 'content-encoding': encoding });
      res.end(encoding === 'gzip' ? gzipSync(text) : brotliCompressSync(text));
    });
    try {
      for (const path of ['/gzip', '/br']) {
        const response = await transport.request(call(`${compressed.url}${path}`));
        expect(await readAll(response.body)).toBe(text);
      }
    } finally {
      await compressed.close();
    }
  });
});
