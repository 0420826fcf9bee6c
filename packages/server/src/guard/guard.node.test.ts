/**
 * The guard over real sockets: concurrent clients against the concurrency caps, a client that
 * goes away freeing its slot, a turn rate, a cross-site "simple" request that never starts a
 * turn, and an abandoned upload that is logged as routine.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, memoryLogger } from '../__fixtures__/harness.js';
import type { CascadeConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { clientAddress, type NodeServer, serveNode } from '../node/index.js';
import type { Provider, ProviderRequest } from '../providers/types.js';

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A model that sends one token and holds its turn open until aborted; counts live streams. */
function holding() {
  const live = { started: 0, open: 0 };
  const provider: Provider = {
    kind: 'custom',
    model: 'hold',
    async *stream(request: ProviderRequest) {
      live.started++;
      live.open++;
      try {
        yield [{ type: 'headers', status: 200 }];
        yield [{ type: 'text', text: 'partial' }];
        await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
      } finally {
        live.open--;
      }
    },
  };
  return { live, provider };
}

async function start(config: Partial<CascadeConfig>, provider?: Provider) {
  const logger = memoryLogger();
  const final = provider
    ? [{ provider, model: 'hold', retry: false as const }]
    : [{ provider: 'simulator' as const, model: 'sim', simulator: { text: 'ok', headersMs: 0, ttftMs: 0 } }];
  server = await serveNode(createCascadeHandler({ chains: { c: { final } }, logger, ...config }));
  return { url: server.url, port: server.port, logger };
}

const json = { 'content-type': 'application/json' };

/** Opens a turn and waits for its first chunk; `abort()` disconnects. */
async function open(url: string, headers: Record<string, string> = {}) {
  const client = new AbortController();
  const response = await fetch(`${url}/api/cascade`, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(ask()),
    signal: client.signal,
  });
  if (response.status === 200) await (response.body as ReadableStream<Uint8Array>).getReader().read();
  else await response.text();
  return { response, abort: () => client.abort() };
}

describe('the guard over sockets', () => {
  it('lets limits.concurrentTurns turns of a principal run at once, 429 the rest, and frees a slot when a client goes away', async () => {
    const model = holding();
    const { url } = await start({ limits: { concurrentTurns: 2 } }, model.provider);
    const turns = await Promise.all(Array.from({ length: 6 }, () => open(url)));
    const statuses = turns.map((turn) => turn.response.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    for (const turn of turns.filter((t) => t.response.status === 429)) {
      expect(turn.response.headers.get('retry-after')).toBe('1');
    }
    expect(model.live.started).toBe(2);
    // One client leaves: its turn ends, its upstream closes, its slot frees.
    turns.find((turn) => turn.response.status === 200)?.abort();
    await expect.poll(() => model.live.open).toBe(1);
    const next = await open(url);
    expect(next.response.status).toBe(200);
    for (const turn of [...turns, next]) turn.abort();
    await expect.poll(() => model.live.open).toBe(0);
  });

  it('answers 503 with Retry-After past maxConcurrentTurns, whoever asks', async () => {
    const model = holding();
    const { url } = await start(
      { maxConcurrentTurns: 3, authorize: (request) => request.headers.get('x-user') ?? 'nobody' },
      model.provider,
    );
    const turns = await Promise.all(Array.from({ length: 5 }, (_, i) => open(url, { 'x-user': `user-${i}` })));
    const refused = turns.filter((turn) => turn.response.status === 503);
    expect(refused).toHaveLength(2);
    expect(refused[0]?.response.headers.get('retry-after')).toBe('1');
    for (const turn of turns) turn.abort();
    await expect.poll(() => model.live.open).toBe(0);
    expect((await open(url)).response.status).toBe(200);
  });

  it('holds a principal to limits.turns per window', async () => {
    const { url } = await start({ limits: { turns: { max: 3, windowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await open(url)).response.status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('starts no turn for a cross-site "simple" request (text/plain from another origin)', async () => {
    const model = holding();
    const { url } = await start({}, model.provider);
    const cases: Record<string, string>[] = [
      { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example' },
      { 'content-type': 'text/plain;charset=UTF-8' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of cases) {
      const response = await fetch(`${url}/api/cascade`, { method: 'POST', headers, body: JSON.stringify(ask()) });
      expect([403, 415]).toContain(response.status);
    }
    expect(model.live.started).toBe(0);
  });

  it('logs an upload the client abandoned at debug level, not as an error', async () => {
    const { port, logger } = await start({});
    logger.debug = (message, details) => logger.lines.push({ level: 'debug', message, details });
    const socket = connect(port, '127.0.0.1');
    socket.write(
      'POST /api/cascade HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"messages":',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await expect.poll(() => logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.map((line) => line.level)).toEqual(['debug']);
    expect(logger.lines[0]?.message).toContain('went away');
  });

  it('keys limits on the client address when there are no accounts (clientAddress)', async () => {
    const seen: (string | undefined)[] = [];
    const { url } = await start({
      authorize: (request) => {
        seen.push(clientAddress(request));
        return clientAddress(request) ?? 'unknown';
      },
      limits: { turns: { max: 1, windowMs: 60_000 } },
    });
    expect((await open(url)).response.status).toBe(200);
    expect((await open(url)).response.status).toBe(429);
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(clientAddress(new Request('http://localhost/'))).toBeUndefined();
  });
});
