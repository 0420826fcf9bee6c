import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, memoryLogger, openCascade } from '../__fixtures__/harness.js';
import { within } from '../__fixtures__/matrix.js';
import { createCascadeHandler } from '../handler.js';
import type { Provider, ProviderRequest } from '../providers/types.js';
import { type NodeServer, serveNode, toNodeListener } from './index.js';

const json = { 'content-type': 'application/json' };

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function hangingProvider(onSignal: (signal: AbortSignal) => void): Provider {
  return {
    kind: 'custom',
    model: 'hang',
    async *stream(request: ProviderRequest) {
      onSignal(request.signal);
      yield [{ type: 'headers', status: 200 }];
      yield [{ type: 'text', text: 'partial' }];
      await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    },
  };
}

describe('node adapter', () => {
  it('streams a turn over a real socket', async () => {
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            { provider: 'simulator', model: 'sim', simulator: { text: 'Hello over TCP 🌍', headersMs: 0, ttftMs: 1 } },
          ],
        },
      },
      logger: memoryLogger(),
    });
    server = await serveNode(handler, { port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/api/cascade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask()),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: turn-start');
    expect(text).toContain('Hello over TCP 🌍');
    expect(text.trimEnd().endsWith('data: {"type":"done"}')).toBe(true);
  });

  it('aborts the turn when the client disconnects', async () => {
    let upstream: AbortSignal | undefined;
    let started!: () => void;
    const startedP = new Promise<void>((r) => {
      started = r;
    });
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            {
              provider: hangingProvider((s) => {
                upstream = s;
                started();
              }),
              model: 'hang',
              retry: false,
            },
          ],
        },
      },
      logger: memoryLogger(),
    });
    server = await serveNode(handler);
    const client = new AbortController();
    await openCascade(server.url, client.signal);
    await startedP;
    const signal = upstream as AbortSignal;
    expect(signal.aborted).toBe(false);
    const aborted = new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
    client.abort();
    await within(aborted, 2000, 'the upstream abort');
    expect(signal.aborted).toBe(true);
  });

  it('answers 400, 413 and 404 over the socket without crashing', async () => {
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: 'simulator', model: 'sim' }] } },
      maxBodyBytes: 100,
      logger: memoryLogger(),
    });
    server = await serveNode(handler);
    const big = await fetch(`${server.url}/api/cascade`, { method: 'POST', headers: json, body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    const bad = await fetch(`${server.url}/api/cascade`, { method: 'POST', headers: json, body: '{' });
    expect(bad.status).toBe(400);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('refuses a streamed body as soon as it passes the limit, and still reads one under it', async () => {
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: 'simulator', model: 'sim', simulator: { text: 'ok', ttftMs: 0 } }] } },
      maxBodyBytes: 100,
      logger: memoryLogger(),
    });
    server = await serveNode(handler);
    const chunked = (pieces: string[]) =>
      fetch(`${server?.url}/api/cascade`, {
        method: 'POST',
        headers: json,
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const big = await chunked(['x'.repeat(60), 'x'.repeat(60)]);
    expect(big.status).toBe(413);
    const body = '{"messages":[{"role":"user","content":"hi"}]}';
    const small = await chunked([body.slice(0, 10), body.slice(10)]);
    expect(small.status).toBe(200);
    expect(await small.text()).toContain('"type":"done"');
  });

  it('gives routes added through options.routes a standard Request: body, headers and a signal that aborts', async () => {
    let signal: AbortSignal | undefined;
    let onAbort!: () => void;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
    });
    const handler = createCascadeHandler(
      { chains: { c: { final: [{ provider: 'simulator', model: 'sim' }] } }, logger: memoryLogger() },
      {
        routes: {
          '/echo': {
            methods: ['POST'],
            // A text body: this route starts no turn, so it opts out of the JSON rule and the limits.
            guard: 'authorize',
            async handle(request) {
              signal = request.signal;
              signal.addEventListener('abort', onAbort);
              const line = `${request.headers.get('x-test')}:${await request.text()}\n`;
              // The head and one line, then the body stays open until the client goes away.
              const body = new ReadableStream<Uint8Array>({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode(line));
                },
              });
              return new Response(body, { status: 200 });
            },
          },
        },
      },
    );
    server = await serveNode(handler);
    const client = new AbortController();
    const response = await fetch(`${server.url}/echo`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-test': 'yes' },
      signal: client.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('yes:hello\n');
    expect(signal?.aborted).toBe(false);
    client.abort();
    await within(aborted, 2000, 'the route signal abort');
    expect(signal?.aborted).toBe(true);
  });

  it('sends the head before a body chunk that is not ready yet (SSE clients see headers promptly)', async () => {
    let push!: (text: string | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => {
          if (text === null) controller.close();
          else controller.enqueue(new TextEncoder().encode(text));
        };
      },
    });
    server = await serveNode(
      async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    );
    const response = await fetch(`${server.url}/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    push('data: one\n\n');
    push('data: two\n\n');
    push(null);
    expect(await response.text()).toBe('data: one\n\ndata: two\n\n');
  });

  it('hands the handler every request header, repeated ones and set-cookie included, and the path as sent', async () => {
    let seen: Request | undefined;
    server = await serveNode(async (request) => {
      seen = request;
      return new Response('ok', {
        headers: [
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ],
      });
    });
    const { status, cookies } = await new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
      const req = httpRequest(
        `${server?.url}//double/slash?q=1`,
        { headers: { 'x-many': ['1', '2'], 'set-cookie': ['c=3', 'd=4'] } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(cookies).toEqual(['a=1', 'b=2']);
    expect(seen?.headers.get('x-many')).toBe('1, 2');
    expect(seen?.headers.getSetCookie()).toEqual(['c=3', 'd=4']);
    // A path, as sent: `//double` is not a host.
    expect(new URL(seen?.url ?? '').pathname).toBe('//double/slash');
  });

  it('as middleware, passes paths the handler does not own to next()', async () => {
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: 'simulator', model: 'sim' }] } },
      logger: memoryLogger(),
    });
    const listener = toNodeListener(handler);
    const http = createServer((req, res) =>
      listener(req, res, () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('next');
      }),
    );
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const { port } = http.address() as AddressInfo;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/index.html`)).text()).toBe('next');
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).headers.get('content-type')).toContain('json');
    } finally {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  });
});
