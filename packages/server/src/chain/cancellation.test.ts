import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ask, memoryLogger, openCascade, post, sim, withTimers } from '../__fixtures__/harness.js';
import { within } from '../__fixtures__/matrix.js';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, serveNode } from '../node/index.js';

/** A tiny OpenAI-compatible upstream that streams one chunk every 50 ms (at most 200) and records when each response closes. */
async function slowUpstream() {
  const responses: { firstChunk: Promise<void>; closed: Promise<number>; finished: () => boolean }[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    let sentFirst!: () => void;
    const firstChunk = new Promise<void>((r) => {
      sentFirst = r;
    });
    const closed = new Promise<number>((resolve) => res.once('close', () => resolve(performance.now())));
    responses.push({ firstChunk, closed, finished: () => res.writableFinished });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let sent = 0;
    const timer = setInterval(() => {
      const chunk = {
        id: 'c',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { content: `t${sent} ` } }],
      };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      sentFirst();
      if (++sent >= 200) {
        clearInterval(timer);
        res.end('data: [DONE]\n\n');
      }
    }, 50);
    res.once('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    responses,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
  vi.useRealTimers();
});

describe('cancellation', () => {
  it('a client disconnect closes every upstream socket of the turn (both lanes)', async () => {
    const upstream = await slowUpstream();
    cleanup.push(upstream.close);
    const model = (name: string) => ({
      provider: 'openai' as const,
      model: name,
      baseUrl: upstream.url,
      retry: false as const,
    });
    const handler = createCascadeHandler({
      chains: { c: { draft: [model('small')], final: [model('large')] } },
      logger: memoryLogger(),
    });
    const server: NodeServer = await serveNode(handler);
    cleanup.push(server.close);

    const client = new AbortController();
    await openCascade(server.url, client.signal);
    await within(
      (async () => {
        while (upstream.responses.length < 2) await new Promise((r) => setTimeout(r, 5));
        await Promise.all(upstream.responses.map((r) => r.firstChunk));
      })(),
      2000,
      'both upstream streams starting',
    );

    const disconnectedAt = performance.now();
    client.abort();
    const closedAt = await within(
      Promise.all(upstream.responses.map((r) => r.closed)),
      2000,
      'every upstream socket closing',
    );
    expect(upstream.responses.map((r) => r.finished())).toEqual([false, false]);
    const delays = closedAt.map((at) => at - disconnectedAt);
    console.info(
      `upstream sockets closed ${delays.map((d) => d.toFixed(1)).join(' ms, ')} ms after the client disconnected`,
    );
  });

  it('pressing stop (aborting the fetch in the browser) is the same disconnect', async () => {
    const upstream = await slowUpstream();
    cleanup.push(upstream.close);
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: 'openai', model: 'm', baseUrl: upstream.url }] } },
      logger: memoryLogger(),
    });
    // Without Node: the handler's request signal is the browser fetch's signal.
    const stop = new AbortController();
    const response = await handler(post(ask(), '/api/cascade', { signal: stop.signal }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await within(
      (async () => {
        while (upstream.responses.length < 1) await new Promise((r) => setTimeout(r, 5));
        await upstream.responses[0]?.firstChunk;
      })(),
      2000,
      'the upstream stream starting',
    );
    stop.abort();
    await within(upstream.responses[0]?.closed as Promise<number>, 2000, 'the upstream socket closing');
    await reader.cancel().catch(() => {});
  });
});

describe('no timer outlives its turn', () => {
  it.each([
    ['a good turn', [sim('ok')]],
    [
      'stalls, timeouts and retries',
      [{ ...sim('stall', { failure: { kind: 'stall', afterTokens: 1 } }), timeouts: { idleMs: 300 } }, sim('ok')],
    ],
    [
      'a lane that gives up',
      [{ ...sim('down', { failure: { kind: 'http', status: 503 } }), retry: { attempts: 3, baseDelayMs: 50 } }],
    ],
  ])('%s', async (_, final) => {
    vi.useFakeTimers();
    const handler = createCascadeHandler({ chains: { c: { final, deadlineMs: 30_000 } }, logger: memoryLogger() });
    // The head waits for a model to answer (see the cascade route): time must run for it too.
    const response = await withTimers(handler(post(ask())));
    const text = await withTimers(response.text());
    expect(text).toContain('event: done');
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a cancelled turn', async () => {
    vi.useFakeTimers();
    const handler = createCascadeHandler({
      chains: { c: { draft: [sim('d', { tokensPerSecond: 1 })], final: [sim('f', { failure: { kind: 'stall' } })] } },
      logger: memoryLogger(),
    });
    const response = await withTimers(handler(post(ask())));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await withTimers(reader.read());
    await vi.advanceTimersByTimeAsync(1500);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await reader.cancel();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
