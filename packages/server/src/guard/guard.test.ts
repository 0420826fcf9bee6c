/**
 * The guard through the handler, with standard `Request`s: authorize, the JSON rule, origins,
 * hosts, and the limits (a clock the test moves, so windows are exact).
 */
import { describe, expect, it } from 'vitest';
import { ask, memoryLogger, post, sim } from '../__fixtures__/harness.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { CascadeConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import type { Provider, ProviderRequest } from '../providers/types.js';

const chains = { c: { final: [sim('sim', { text: 'Hello there.' })] } };

/** Real sleeps, a `now` the test sets. */
function manualClock(): Clock & { at: number } {
  const clock = { at: 0, now: () => clock.at, sleep: systemClock.sleep, setTimer: systemClock.setTimer };
  return clock;
}

function setup(config: Partial<CascadeConfig> = {}) {
  const logger = memoryLogger();
  const handler = createCascadeHandler({ chains, logger, ...config });
  return { handler, logger };
}

const errorOf = async (response: Response) =>
  (
    (await response.json()) as {
      error: { code: string; field?: string; message: string; type?: string; param?: string };
    }
  ).error;

/** A model that answers its first token and then holds the turn open until aborted. */
function holding(): { provider: Provider; started: () => number } {
  let started = 0;
  return {
    started: () => started,
    provider: {
      kind: 'custom',
      model: 'hold',
      async *stream(request: ProviderRequest) {
        started++;
        yield [{ type: 'headers', status: 200 }];
        yield [{ type: 'text', text: 'partial' }];
        await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
      },
    },
  };
}

describe('authorize', () => {
  it('answers with the Response it returns, as it is, before any body is read or model runs', async () => {
    let attempts = 0;
    const { handler } = setup({
      onAttempt: () => attempts++,
      authorize: (request) =>
        request.headers.get('authorization') === 'Bearer good'
          ? 'team-a'
          : new Response('{"error":"who are you?"}', { status: 401, headers: { 'www-authenticate': 'Bearer' } }),
    });
    const refused = await handler(post(ask()));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.text()).toBe('{"error":"who are you?"}');
    const gateway = await handler(post({ model: 'c', messages: ask().messages }, '/v1/chat/completions'));
    expect(gateway.status).toBe(401);
    expect(attempts).toBe(0);
    const allowed = await handler(
      post(ask(), '/api/cascade', { headers: { 'content-type': 'application/json', authorization: 'Bearer good' } }),
    );
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('Hello there.');
  });

  it('may be async and may return { id, limits }', async () => {
    const { handler } = setup({
      authorize: async () => ({ id: 'x', limits: { turns: { max: 1, windowMs: 60_000 } } }),
    });
    expect((await handler(post(ask()))).status).toBe(200);
    expect((await handler(post(ask()))).status).toBe(429);
  });

  it('a throw or a value that is no principal is a 500, logged', async () => {
    const throwing = setup({
      authorize: () => {
        throw new Error('auth backend down');
      },
    });
    expect((await throwing.handler(post(ask()))).status).toBe(500);
    expect(throwing.logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
    expect(JSON.stringify(throwing.logger.lines)).toContain('auth backend down');
    const wrong = setup({ authorize: () => ({ name: 'no id' }) as never });
    expect((await wrong.handler(post(ask()))).status).toBe(500);
  });

  it('leaves GET /api/health open, for load balancers', async () => {
    const { handler } = setup({ authorize: () => new Response(null, { status: 401 }) });
    expect((await handler(new Request('http://localhost/api/health'))).status).toBe(200);
  });
});

describe('JSON bodies only', () => {
  it.each([
    ['text/plain;charset=UTF-8', 'a cross-site "simple" request'],
    ['application/x-www-form-urlencoded', 'a form post'],
    ['multipart/form-data; boundary=x', 'a multipart form'],
    ['application/json; charset=latin1', 'JSON in another charset'],
    [null, 'no content type'],
  ])('refuses %s (%s) with 415 naming content-type', async (type, _what) => {
    const { handler } = setup();
    const headers: Record<string, string> = type === null ? {} : { 'content-type': type };
    const body = new TextEncoder().encode(JSON.stringify(ask()));
    const response = await handler(new Request('http://localhost/api/cascade', { method: 'POST', headers, body }));
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: 'unsupported_media_type', field: 'content-type' });
  });

  it('accepts application/json with a UTF-8 charset, in any case', async () => {
    const { handler } = setup();
    const response = await handler(
      post(ask(), '/api/cascade', { headers: { 'content-type': 'Application/JSON; Charset="utf-8"' } }),
    );
    expect(response.status).toBe(200);
  });

  it('answers the gateway in the OpenAI error shape', async () => {
    const { handler } = setup();
    const response = await handler(post('{}', '/v1/chat/completions', { headers: { 'content-type': 'text/plain' } }));
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({
      code: 'unsupported_media_type',
      type: 'invalid_request_error',
      param: 'content-type',
    });
  });
});

describe('allowedOrigins', () => {
  const from = (origin: string, path = '/api/cascade', init: RequestInit = {}) =>
    post(ask(), path, { headers: { 'content-type': 'application/json', origin }, ...init });

  it('refuses another origin by default (403 naming origin) and lets the own origin and non-browsers in', async () => {
    const { handler } = setup();
    const response = await handler(from('https://evil.example'));
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'origin_not_allowed', field: 'origin' });
    expect((await handler(from('http://localhost'))).status).toBe(200);
    expect((await handler(post(ask()))).status).toBe(200);
  });

  it('answers a listed origin with CORS headers, errors included, and refuses the rest', async () => {
    const { handler } = setup({
      allowedOrigins: ['https://app.example'],
      limits: { turns: { max: 1, windowMs: 60_000 } },
    });
    const ok = await handler(from('https://app.example'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('vary')).toContain('Origin');
    expect(ok.headers.get('access-control-expose-headers')).toContain('retry-after');
    const limited = await handler(from('https://app.example'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect((await handler(from('https://app.example.evil'))).status).toBe(403);
  });

  it('answers a preflight of a listed origin, and refuses one of another', async () => {
    const { handler } = setup({ allowedOrigins: ['https://app.example'] });
    const preflight = (origin: string) =>
      handler(
        new Request('http://localhost/v1/chat/completions', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, authorization',
          },
        }),
      );
    const ok = await preflight('https://app.example');
    expect(ok.status).toBe(204);
    expect(Object.fromEntries(ok.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '600',
    });
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).param).toBe('origin');
  });

  it('"*" allows any origin', async () => {
    const { handler } = setup({ allowedOrigins: ['*'] });
    const response = await handler(from('https://anyone.example'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('allowedHosts', () => {
  const at = (host: string) => new Request(`http://${host}/api/health`);

  it('refuses a host not listed with 421 naming host, on every route', async () => {
    const { handler } = setup({ allowedHosts: ['api.example.com', '.corp.example'] });
    const response = await handler(at('rebound.attacker.example:8787'));
    expect(response.status).toBe(421);
    expect(await errorOf(response)).toMatchObject({ code: 'misdirected_request', field: 'host' });
    expect((await handler(post(ask(), '/api/cascade').clone())).status).toBe(200); // localhost
    for (const host of [
      'api.example.com',
      'API.example.com:443',
      'corp.example',
      'a.b.corp.example',
      '127.0.0.1:9',
      '[::1]',
    ]) {
      expect((await handler(at(host))).status, host).toBe(200);
    }
    expect((await handler(at('example.com'))).status).toBe(421);
    expect((await handler(at('xcorp.example'))).status).toBe(421);
  });
});

describe('limits', () => {
  it('refuses a turn past limits.turns with 429 and the Retry-After of its sliding window', async () => {
    const clock = manualClock();
    const { handler } = setup({ clock, limits: { turns: { max: 2, windowMs: 60_000 } } });
    clock.at = 600_000; // the start of a window
    expect((await handler(post(ask()))).status).toBe(200);
    expect((await handler(post(ask()))).status).toBe(200);
    const refused = await handler(post(ask()));
    expect(refused.status).toBe(429);
    expect(await errorOf(refused)).toMatchObject({ code: 'turn_rate_limited' });
    // In the next window the two slide out: half of them are left 30 s into it, room for one.
    expect(refused.headers.get('retry-after')).toBe('90');
    clock.at += 89_000;
    expect((await handler(post(ask()))).status).toBe(429);
    clock.at += 1_000;
    expect((await handler(post(ask()))).status).toBe(200);
    expect((await handler(post(ask()))).status).toBe(429);
  });

  it('refuses a turn once limits.tokens are spent (charged from the attempts’ usage)', async () => {
    const clock = manualClock();
    const { handler } = setup({ clock, limits: { tokens: { max: 10, windowMs: 60_000 } } });
    const first = await handler(post(ask()));
    await first.text(); // the turn ends: its attempts are charged
    const refused = await handler(post(ask()));
    expect(refused.status).toBe(429);
    expect(await errorOf(refused)).toMatchObject({ code: 'token_rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.at += 120_000;
    expect((await handler(post(ask()))).status).toBe(200);
  });

  it('refuses a second concurrent turn of a principal past limits.concurrentTurns, not another principal’s', async () => {
    const model = holding();
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: model.provider, model: 'hold', retry: false }] } },
      logger: memoryLogger(),
      authorize: (request) => request.headers.get('x-user') ?? 'nobody',
      limits: { concurrentTurns: 1 },
    });
    const as = (user: string) =>
      post(ask(), '/api/cascade', { headers: { 'content-type': 'application/json', 'x-user': user } });
    const first = await handler(as('ann'));
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const second = await handler(as('ann'));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await errorOf(second)).toMatchObject({ code: 'concurrency_limited' });
    const other = await handler(as('bob'));
    expect(other.status).toBe(200);
    await other.body?.cancel();
    // Ann's turn ends: her slot frees.
    await reader.cancel();
    await expect.poll(async () => (await handler(as('ann'))).status).toBe(200);
  });

  it('refuses a turn past maxConcurrentTurns with 503 and Retry-After, in the OpenAI shape on /v1', async () => {
    const model = holding();
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: model.provider, model: 'hold', retry: false }] } },
      logger: memoryLogger(),
      maxConcurrentTurns: 1,
    });
    const first = await handler(post(ask()));
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const second = await handler(post({ model: 'c', messages: ask().messages }, '/v1/chat/completions'));
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await errorOf(second)).toMatchObject({ code: 'overloaded', type: 'overloaded_error' });
    await reader.cancel();
    await expect.poll(async () => (await handler(post(ask()))).status).toBe(200);
  });

  it('frees the slot of a request refused after admission (a bad body), so it costs no turn slot', async () => {
    const { handler } = setup({ limits: { concurrentTurns: 1 }, maxConcurrentTurns: 1 });
    expect((await handler(post('{"messages": ['))).status).toBe(400);
    expect((await handler(post({ messages: [] }))).status).toBe(400);
    expect((await handler(post(ask(), '/api/cascade').clone())).status).toBe(200);
  });

  it('checks the limits only for turns: health and a GET route are not counted', async () => {
    const { handler } = setup({ limits: { turns: { max: 1, windowMs: 60_000 } } });
    for (let i = 0; i < 3; i++) expect((await handler(new Request('http://localhost/api/health'))).status).toBe(200);
    expect((await handler(post(ask()))).status).toBe(200);
  });
});
