/**
 * A client that stops reading must not make the server buffer the answer. Through the Node
 * adapter, each route's answer comes from a model that produces text as fast as it is asked for
 * (16 MiB in 4 KiB pieces); the client reads the head and then nothing. What the server holds is
 * what the model produced minus what the kernel took from the server's socket; it must stay under
 * the bound the server README documents (256 KiB), however long the answer.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { encodeEvent } from '@cascadekit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createCascadeHandler } from '../handler.js';
import type { Provider, ProviderChunk } from '../providers/types.js';
import { toNodeListener } from './index.js';

/** The bound documented in the server README ("A slow client"). */
const BOUND_BYTES = 256 * 1024;
const PIECE = 'x'.repeat(4096);
const PIECES = 4096;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A model that answers with 16 MiB as fast as it is read, counting what it produced. */
function endless(): { provider: Provider; produced: () => number } {
  let produced = 0;
  return {
    produced: () => produced,
    provider: {
      kind: 'custom',
      model: 'endless',
      async *stream(): AsyncGenerator<ProviderChunk[]> {
        yield [{ type: 'headers', status: 200 }];
        for (let i = 0; i < PIECES; i++) {
          produced += PIECE.length;
          yield [{ type: 'text', text: PIECE }];
          // A turn of the event loop between pieces, as network reads come.
          if (i % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        yield [{ type: 'end' }];
      },
    },
  };
}

async function serve(
  provider: Provider,
): Promise<{ url: string; sockets: Socket[]; server: Server; close: () => Promise<void> }> {
  const handler = createCascadeHandler({
    logger: { warn: () => {}, error: () => {} },
    chains: { c: { final: [{ provider, model: 'endless', retry: false, breaker: false }] } },
  });
  const listener = toNodeListener(handler);
  const sockets: Socket[] = [];
  const server = createServer((req, res) => {
    sockets.push(res.socket as Socket);
    listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}`, sockets, server, close };
}

/** Sends `body` to `path`, reads the head, then stops reading. */
function stallingClient(url: string, body: unknown): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.pause();
      cleanups.push(() => req.destroy());
      resolve(res);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Waits until `value()` stays the same for 300 ms (at most 10 s). */
async function settled(value: () => number): Promise<number> {
  let last = -1;
  for (let waited = 0; waited < 10_000; waited += 300) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (value() === last) return last;
    last = value();
  }
  return value();
}

const gatewayChunk = (text: string) =>
  `data: ${JSON.stringify({
    id: `chatcmpl-${crypto.randomUUID()}`,
    object: 'chat.completion.chunk',
    created: 1_800_000_000,
    model: 'endless',
    choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }],
  })}\n\n`;

describe.each([
  {
    route: '/api/cascade',
    body: { messages: [{ role: 'user', content: 'Long answer, please.' }] },
    wire: (text: string) => encodeEvent({ type: 'delta', lane: 'final', text }),
  },
  {
    route: '/v1/chat/completions',
    body: { model: 'c', stream: true, messages: [{ role: 'user', content: 'Long answer, please.' }] },
    wire: gatewayChunk,
  },
])('a client that stops reading $route', ({ route, body, wire }) => {
  it(`keeps what the server buffers under ${BOUND_BYTES / 1024} KiB`, { timeout: 30_000 }, async () => {
    const model = endless();
    const served = await serve(model.provider);
    try {
      const response = await stallingClient(`${served.url}${route}`, body);
      expect(response.statusCode).toBe(200);
      const produced = await settled(model.produced);
      const socket = served.sockets[0] as Socket;
      // In the model's text: each piece goes out framed as an event or chunk.
      const tookByKernel = ((socket.bytesWritten - socket.writableLength) * PIECE.length) / wire(PIECE).length;
      const held = produced - tookByKernel;
      expect(produced).toBeLessThan(PIECES * PIECE.length); // the model was not read to its end
      expect(held).toBeLessThan(BOUND_BYTES);
    } finally {
      await served.close();
    }
  });
});
