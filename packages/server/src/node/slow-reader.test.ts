/**
 * A client that stops reading must not make the server buffer the answer. Through the Node
 * adapter, each route's answer comes from a model that produces text as fast as it is asked for
 * (16 MiB in 4 KiB pieces); the client reads the head and then nothing. What the server holds is
 * what the model produced minus what the kernel took from the server's socket; it must stay under
 * the bound the server README documents (256 KiB), however long the answer. Then such a client
 * is disconnected after `slowClientMs`: by its turn (the handler's option) or by the Node writer
 * (the adapter's), and the model's call is cancelled.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { encodeEvent } from '@cascadekit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../config/types.js';
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
function endless(): { provider: Provider; produced: () => number; signal: () => AbortSignal | undefined } {
  let produced = 0;
  let signal: AbortSignal | undefined;
  return {
    produced: () => produced,
    signal: () => signal,
    provider: {
      kind: 'custom',
      model: 'endless',
      async *stream(request): AsyncGenerator<ProviderChunk[]> {
        signal = request.signal;
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

interface Served {
  url: string;
  sockets: Socket[];
  /** The server's responses, in order. */
  responses: ServerResponse[];
  server: Server;
  close: () => Promise<void>;
}

async function serve(
  provider: Provider,
  options: { turnSlowClientMs?: number; writerSlowClientMs?: number; logger?: Logger } = {},
): Promise<Served> {
  const handler = createCascadeHandler({
    logger: options.logger ?? { warn: () => {}, error: () => {} },
    chains: { c: { final: [{ provider, model: 'endless', retry: false, breaker: false }] } },
    ...(options.turnSlowClientMs ? { slowClientMs: options.turnSlowClientMs } : {}),
  });
  return listen(toNodeListener(handler, { slowClientMs: options.writerSlowClientMs ?? 60_000 }));
}

async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const sockets: Socket[] = [];
  const responses: ServerResponse[] = [];
  const server = createServer((req, res) => {
    sockets.push(res.socket as Socket);
    responses.push(res);
    listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}`, sockets, responses, server, close };
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

/** Settles once `res` closed (true) or after `ms` (false). */
function closedWithin(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe.each([
  { route: '/api/cascade', body: { messages: [{ role: 'user', content: 'Long answer, please.' }] } },
  {
    route: '/v1/chat/completions',
    body: { model: 'c', stream: true, messages: [{ role: 'user', content: 'Long answer, please.' }] },
  },
])('a client that stops reading $route, after slowClientMs', ({ route, body }) => {
  it('is disconnected by its turn, which cancels the model call and logs a warning', { timeout: 30_000 }, async () => {
    const model = endless();
    const warnings: string[] = [];
    const logger: Logger = { warn: (message) => warnings.push(message), error: () => {} };
    const served = await serve(model.provider, { turnSlowClientMs: 300, logger });
    try {
      await stallingClient(`${served.url}${route}`, body);
      const res = served.responses[0] as ServerResponse;
      expect(await closedWithin(res, 10_000)).toBe(true);
      expect(res.writableFinished).toBe(false); // dropped, not ended as if complete
      expect(model.signal()?.aborted).toBe(true);
      expect(warnings).toEqual([expect.stringContaining('unread too long')]);
    } finally {
      await served.close();
    }
  });

  it('is disconnected by the Node writer when the turn allows longer', { timeout: 30_000 }, async () => {
    const model = endless();
    const served = await serve(model.provider, { turnSlowClientMs: 60_000, writerSlowClientMs: 300 });
    try {
      await stallingClient(`${served.url}${route}`, body);
      const res = served.responses[0] as ServerResponse;
      expect(await closedWithin(res, 10_000)).toBe(true);
      expect(res.writableFinished).toBe(false);
      await settled(() => Number(model.signal()?.aborted));
      expect(model.signal()?.aborted).toBe(true);
    } finally {
      await served.close();
    }
  });
});

it('the Node writer drops any Response whose client takes nothing for slowClientMs, and cancels its body', {
  timeout: 30_000,
}, async () => {
  let cancelled = false;
  const chunk = new Uint8Array(1024 * 1024);
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => controller.enqueue(chunk),
    cancel: () => {
      cancelled = true;
    },
  });
  const served = await listen(toNodeListener(async () => new Response(body), { slowClientMs: 300 }));
  try {
    await stallingClient(served.url, {});
    const res = served.responses[0] as ServerResponse;
    expect(await closedWithin(res, 10_000)).toBe(true);
    expect(res.writableFinished).toBe(false);
    await settled(() => Number(cancelled));
    expect(cancelled).toBe(true);
  } finally {
    await served.close();
  }
});
