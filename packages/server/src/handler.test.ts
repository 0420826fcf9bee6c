import { describe, expect, it } from 'vitest';
import { ask, events, laneText, memoryLogger, ofType, post, sim } from './__fixtures__/harness.js';
import type { CascadeConfig } from './config/types.js';
import { createCascadeHandler } from './handler.js';
import type { Provider, ProviderRequest } from './providers/types.js';

const config = (overrides: Partial<CascadeConfig> = {}): CascadeConfig => ({
  chains: {
    support: {
      draft: [sim('sim-fast', { text: 'Quick draft.' })],
      final: [sim('sim-large', { text: 'A considered final answer.' })],
    },
  },
  logger: memoryLogger(),
  ...overrides,
});

describe('POST /api/cascade', () => {
  it('runs both lanes and streams protocol v1 from turn-start to done', async () => {
    const handler = createCascadeHandler(config());
    const response = await handler(post(ask()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const all = await events(response);
    expect(all[0]).toMatchObject({ type: 'turn-start', v: 1, chain: 'support', lanes: ['draft', 'final'] });
    expect(all.at(-1)).toEqual({ type: 'done' });
    expect(laneText(all, 'draft')).toBe('Quick draft.');
    expect(laneText(all, 'final')).toBe('A considered final answer.');
    expect(ofType(all, 'lane-done').map((e) => [e.lane, e.model])).toEqual(
      expect.arrayContaining([
        ['draft', 'sim-fast'],
        ['final', 'sim-large'],
      ]),
    );
    const settled = ofType(all, 'settled')[0];
    expect(settled).toMatchObject({ winner: 'final', model: 'sim-large' });
    expect(settled?.summary.attempts).toHaveLength(2);
  });

  it('calls the built-in HTTP providers through the config’s fetch', async () => {
    const calls: string[] = [];
    const fetch = ((input: string | URL | Request) => {
      calls.push(String(input));
      return Promise.resolve(new Response('{"error":"nope"}', { status: 500 }));
    }) as typeof globalThis.fetch;
    const handler = createCascadeHandler({
      fetch,
      env: { KEY: 'k' },
      logger: memoryLogger(),
      chains: {
        plain: {
          final: [{ provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1/v1', apiKeyEnv: 'KEY', retry: false }],
        },
      },
    });
    const all = await events(await handler(post(ask())));
    expect(calls).toEqual(['http://127.0.0.1:1/v1/chat/completions']);
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({ reason: 'http-status', status: 500 });
  });

  it('falls back to the next model when one answers with an error status', async () => {
    const handler = createCascadeHandler(
      config({
        chains: {
          c: { final: [sim('broken', { failure: { kind: 'http', status: 500 } }), sim('backup', { text: 'Saved.' })] },
        },
      }),
    );
    const all = await events(await handler(post(ask())));
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({
      model: 'broken',
      reason: 'http-status',
      status: 500,
      next: 'fallback',
      message: 'The model answered HTTP 500.',
    });
    expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'final', model: 'backup' });
    expect(all[0]).toMatchObject({ lanes: ['final'] });
  });

  it('falls back when a provider throws a plain exception', async () => {
    const thrower: Provider = {
      kind: 'custom',
      model: 'thrower',
      // biome-ignore lint/correctness/useYield: it fails before yielding
      async *stream() {
        throw new TypeError('secret internal detail');
      },
    };
    const logger = memoryLogger();
    const handler = createCascadeHandler(
      config({ logger, chains: { c: { final: [{ provider: thrower, model: 'thrower', retry: false }, sim('ok')] } } }),
    );
    const all = await events(await handler(post(ask())));
    const failed = ofType(all, 'attempt-failed')[0];
    expect(failed).toMatchObject({ reason: 'unknown', message: 'The model failed unexpectedly.', next: 'fallback' });
    expect(JSON.stringify(all)).not.toContain('secret internal detail');
    expect(JSON.stringify(logger.lines)).toContain('secret internal detail');
    expect(ofType(all, 'settled')[0]?.winner).toBe('final');
  });

  it('lets the draft stand when every final model fails', async () => {
    const handler = createCascadeHandler(
      config({
        chains: {
          c: { draft: [sim('d', { text: 'draft' })], final: [sim('f', { failure: { kind: 'http', status: 503 } })] },
        },
      }),
    );
    const all = await events(await handler(post(ask())));
    expect(ofType(all, 'lane-failed')[0]).toMatchObject({ lane: 'final', reason: 'http-status' });
    expect(ofType(all, 'attempt-failed')[0]?.next).toBe('give-up');
    expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'draft', model: 'd' });
  });

  it('runs the requested chain and 404s an unknown one', async () => {
    const handler = createCascadeHandler(
      config({ chains: { a: { final: [sim('a', { text: 'A' })] }, b: { final: [sim('b', { text: 'B' })] } } }),
    );
    expect(laneText(await events(await handler(post({ ...ask(), chain: 'b' }))), 'final')).toBe('B');
    const missing = await handler(post({ ...ask(), chain: 'nope' }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'unknown_chain', message: 'There is no chain named "nope".', field: 'chain' },
    });
  });

  it('aborts every upstream attempt when the request signal aborts', async () => {
    const seen: AbortSignal[] = [];
    const hanging: Provider = {
      kind: 'custom',
      model: 'hang',
      async *stream(request: ProviderRequest) {
        seen.push(request.signal);
        yield [{ type: 'headers', status: 200 }];
        await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
      },
    };
    const model = { provider: hanging, model: 'hang', retry: false as const };
    const handler = createCascadeHandler(config({ chains: { c: { draft: [model], final: [model] } } }));
    const client = new AbortController();
    const response = await handler(post(ask(), '/api/cascade', { signal: client.signal }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 1));
    client.abort();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.map((s) => s.aborted)).toEqual([true, true]);
    await reader.cancel();
  });

  it('cancelling the response body aborts the turn at once', async () => {
    let aborted: AbortSignal | undefined;
    const hanging: Provider = {
      kind: 'custom',
      model: 'hang',
      async *stream(request: ProviderRequest) {
        aborted = request.signal;
        yield [{ type: 'headers', status: 200 }];
        await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
      },
    };
    const handler = createCascadeHandler(config({ chains: { c: { final: [{ provider: hanging, model: 'h' }] } } }));
    const response = await handler(post(ask()));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    while (!aborted) await new Promise((r) => setTimeout(r, 1));
    await reader.cancel();
    expect(aborted.aborted).toBe(true);
  });
});

describe('bad input', () => {
  it('names the field of a malformed body', async () => {
    const handler = createCascadeHandler(config());
    const response = await handler(post({ messages: [{ role: 'user', content: 42 }] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_request', message: 'messages[0].content must be a string', field: 'messages[0].content' },
    });
  });
});

describe('routes', () => {
  it('serves health as JSON', async () => {
    const handler = createCascadeHandler(config());
    const response = await handler(new Request('http://localhost/api/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      protocol: 1,
      chains: ['support'],
      defaultChain: 'support',
    });
  });

  it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
    const handler = createCascadeHandler(config());
    const missing = await handler(new Request('http://localhost/api/nothing'));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const wrong = await handler(new Request('http://localhost/api/cascade'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await wrong.json()).error.code).toBe('method_not_allowed');
  });

  it('honours basePath and reports the paths it owns', () => {
    const handler = createCascadeHandler(config({ basePath: '/chat/' }));
    expect(handler.matches('/chat/cascade')).toBe(true);
    expect(handler.matches('/chat/health')).toBe(true);
    expect(handler.matches('/api/cascade')).toBe(false);
  });
});
