/**
 * serveNode's limits over real sockets: a client that sends its head or body slowly is cut off
 * with 408 near the configured time (Node's defaults held them 60 s and 300 s), a declared body
 * over the limit is refused before the handler or `100 Continue`, and connections past
 * `maxConnections` are closed at once. Each limit is set small here; the defaults are asserted
 * as documented.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, SERVE_NODE_DEFAULTS, type ServeNodeOptions, serveNode } from './index.js';

let server: NodeServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

let handled = 0;
async function start(options: ServeNodeOptions): Promise<NodeServer> {
  handled = 0;
  const handler = createCascadeHandler({
    chains: { c: { final: [{ provider: 'simulator', model: 'sim', simulator: { text: 'ok', ttftMs: 0 } }] } },
    logger: memoryLogger(),
  });
  server = await serveNode(
    Object.assign((request: Request) => {
      handled++;
      return handler(request);
    }, handler),
    options,
  );
  return server;
}

/** Opens a socket, writes `head`, and resolves with what the server sent once it closed, and when. */
function hold(port: number, head: string): { closed: Promise<{ text: string; ms: number }>; socket: Socket } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const started = performance.now();
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  socket.write(head);
  const closed = new Promise<{ text: string; ms: number }>((resolve) =>
    socket.on('close', () => resolve({ text, ms: performance.now() - started })),
  );
  return { closed, socket };
}

describe('serveNode limits', () => {
  it('has the documented defaults, far below Node’s own', () => {
    expect(SERVE_NODE_DEFAULTS).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      maxConnections: 512,
      maxHeaderSize: 16_384,
      maxBodyBytes: 1_048_576,
      slowClientMs: 10_000,
    });
  });

  it('applies them to the server', async () => {
    const { server: node } = await start({});
    expect(node.headersTimeout).toBe(10_000);
    expect(node.requestTimeout).toBe(30_000);
    expect(node.keepAliveTimeout).toBe(5_000);
    expect(node.maxConnections).toBe(512);
  });

  it('cuts off a client that sends its headers slowly (408 near headersTimeout)', async () => {
    const { port } = await start({ headersTimeout: 300, requestTimeout: 1000 });
    const { closed } = hold(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const { text, ms } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(3000);
    expect(handled).toBe(0);
  });

  it('cuts off a client that sends its body slowly (408 near requestTimeout)', async () => {
    const { port } = await start({ headersTimeout: 300, requestTimeout: 600 });
    const head =
      'POST /api/cascade HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"mess';
    const { closed } = hold(port, head);
    const { ms } = await closed;
    expect(ms).toBeGreaterThan(500);
    expect(ms).toBeLessThan(4000);
  });

  it('refuses a declared body over maxBodyBytes with 413 before the handler runs', async () => {
    const { port } = await start({ maxBodyBytes: 1000 });
    const head =
      'POST /api/cascade HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n';
    const { closed } = hold(port, head);
    const { text } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text).toContain('"code":"payload_too_large"');
    expect(handled).toBe(0);
  });

  it('answers Expect: 100-continue with 413 for a body over the limit, and 100 for one under it', async () => {
    const { port } = await start({ maxBodyBytes: 1000 });
    const ask = (length: number) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/cascade',
          headers: { 'content-type': 'application/json', 'content-length': length, expect: '100-continue' },
        });
        request.on('continue', () => {
          request.end(`{"messages":[{"role":"user","content":"${'x'.repeat(length - 50)}"}]}`.padEnd(length));
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
      });
    expect(await ask(5000)).toBe(413);
    expect(handled).toBe(0);
    expect(await ask(200)).not.toBe(413);
    expect(handled).toBe(1);
  });

  it('closes connections past maxConnections at once, and serves again when they are gone', async () => {
    const { port, url } = await start({ maxConnections: 2 });
    const idle = [hold(port, ''), hold(port, '')];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = hold(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const { text } = await third.closed;
    expect(text).toBe('');
    for (const { socket } of idle) socket.destroy();
    await Promise.all(idle.map(({ closed }) => closed));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});
