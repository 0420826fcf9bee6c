import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { within } from '../__fixtures__/matrix.js';
import { type NodeServer, serveNode } from './index.js';

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

/** Serves `handle`, sends one request to it and returns what the handler's answer said. */
async function roundTrip(handle: (request: Request) => Promise<unknown>, init: RequestInit = {}): Promise<unknown> {
  server = await serveNode(async (request) => Response.json(await handle(request)));
  const response = await fetch(`${server.url}/x?q=1`, init);
  return response.json();
}

const post = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', body, headers });

describe('the Request the Node adapter hands a handler', () => {
  it('is a standard Request: method, url, headers, and a JSON body read without a web stream', async () => {
    const seen = await roundTrip(
      async (request) => ({
        isRequest: request instanceof Request,
        method: request.method,
        url: new URL(request.url).pathname + new URL(request.url).search,
        type: request.headers.get('content-type'),
        body: await request.json(),
        used: request.bodyUsed,
        again: await request.text().catch((error: unknown) => (error as Error).name),
      }),
      post('{"a":"wörld"}', { 'content-type': 'application/json' }),
    );
    expect(seen).toEqual({
      isRequest: true,
      method: 'POST',
      url: '/x?q=1',
      type: 'application/json',
      body: { a: 'wörld' },
      used: true,
      again: 'TypeError',
    });
  });

  it('streams its body for readers that want a stream, and clones', async () => {
    const seen = await roundTrip(
      async (request) => {
        const copy = await request.clone().text();
        const reader = (request.body as ReadableStream<Uint8Array>).getReader();
        let streamed = '';
        const decoder = new TextDecoder();
        for (let part = await reader.read(); !part.done; part = await reader.read()) {
          streamed += decoder.decode(part.value, { stream: true });
        }
        return { copy, streamed, used: request.bodyUsed };
      },
      post('x'.repeat(100_000)),
    );
    expect(seen).toEqual({ copy: 'x'.repeat(100_000), streamed: 'x'.repeat(100_000), used: true });
  });

  it('carries over into a derived request (new Request(url, request)) and reads bytes, blobs and forms', async () => {
    const seen = await roundTrip(
      async (request) => {
        const derived = new Request(`${request.url}&derived`, request);
        const form = await derived.formData();
        return { method: derived.method, derived: form.get('b'), aborted: derived.signal.aborted };
      },
      post(new URLSearchParams({ b: 'ü' })),
    );
    expect(seen).toEqual({ method: 'POST', derived: 'ü', aborted: false });
    const bytes = await roundTrip(async (request) => [...(await request.bytes())], post(new Uint8Array([1, 2, 255])));
    expect(bytes).toEqual([1, 2, 255]);
    const blob = await roundTrip(
      async (request) => {
        const b = await request.blob();
        return { size: b.size, type: b.type };
      },
      post('abc', { 'content-type': 'text/plain' }),
    );
    expect(blob).toEqual({ size: 3, type: 'text/plain' });
  });

  it('has an empty body on GET', async () => {
    expect(await roundTrip(async (request) => ({ text: await request.text(), body: request.body }))).toEqual({
      text: '',
      body: null,
    });
  });

  it('says clearly when a middleware read the body before and left none', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { toNodeListener } = await import('./index.js');
    const { createServer } = await import('node:http');
    const listener = toNodeListener(async (request) =>
      request.text().then(
        () => new Response('read'),
        (error: unknown) => new Response((error as Error).message, { status: 500 }),
      ),
    );
    const http = createServer((req, res) => {
      req.resume(); // a body parser that ran first
      req.once('end', () => listener(req, res));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = http.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/`, post('{}'));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { code: 'body_consumed', message: expect.stringMatching(/^Another middleware read the request body/) },
      });
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('behind a body parser, is the body it left on req.body: bytes, a string, or a parsed JSON value', async () => {
    const { toNodeListener } = await import('./index.js');
    const { createServer } = await import('node:http');
    const listener = toNodeListener(async (request) => {
      const stream = await new Response(request.clone().body).text();
      return Response.json({ text: await request.text(), stream, length: request.headers.get('content-length') });
    });
    const parsers: ((raw: string) => unknown)[] = [(raw) => Buffer.from(raw), (raw) => raw, (raw) => JSON.parse(raw)];
    for (const parse of parsers) {
      const http = createServer((req, res) => {
        let raw = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          raw += chunk;
        });
        req.once('end', () => listener(Object.assign(req, { body: parse(raw) }), res));
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = http.address() as { port: number };
        const sent = '{ "a": "é" }';
        const response = await fetch(`http://127.0.0.1:${port}/`, post(sent, { 'content-type': 'application/json' }));
        const body = typeof parse(sent) === 'object' && !Buffer.isBuffer(parse(sent)) ? '{"a":"é"}' : sent;
        expect(await response.json()).toEqual({ text: body, stream: body, length: String(Buffer.byteLength(body)) });
      } finally {
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
      }
    }
  });

  it('aborts its signal when the client goes away, also when the signal is first asked for afterwards', async () => {
    let early!: AbortSignal;
    let late: AbortSignal | undefined;
    let gone!: () => void;
    const lateCancelled = new Promise<void>((resolve) => {
      gone = resolve;
    });
    server = await serveNode(async (request) => {
      if (request.url.endsWith('/early')) early = request.signal;
      const keepOpen = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('open\n'));
        },
        cancel() {
          if (!request.url.endsWith('/late')) return;
          late = request.signal;
          gone();
        },
      });
      return new Response(keepOpen);
    });
    const openAndLeave = (path: string) =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${server?.url}${path}`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', reject);
        req.end();
      });
    await openAndLeave('/early');
    await openAndLeave('/late');
    await within(lateCancelled, 2_000, 'the body cancel');
    await within(
      new Promise<void>((resolve) => (early.aborted ? resolve() : early.addEventListener('abort', () => resolve()))),
      2_000,
      'the abort',
    );
    expect(early.aborted).toBe(true);
    expect(late?.aborted).toBe(true);
    expect((late?.reason as Error | undefined)?.name).toBe('AbortError');
  });
});
