/**
 * The equivalence matrix over the routes: for every upstream path × host, the cascade route and
 * the gateway answer with the same bytes as the in-process handler on the global `fetch`
 * (ids and timings made constant), fail the same way, and close every upstream socket when the
 * client goes away.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Host,
  type Hosted,
  IN_PROCESS,
  MATRIX,
  sameCascadeBytes,
  sameGatewayBytes,
  UPSTREAM_PATHS,
  type UpstreamPath,
  WRAPPED_HANDLER,
  within,
} from '../__fixtures__/matrix.js';
import type { ChainConfig, ModelConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { type FakeUpstream, startOpenAIUpstream, type UpstreamScript } from '../testing/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function upstream(script: UpstreamScript = {}): Promise<FakeUpstream> {
  const up = await startOpenAIUpstream(script);
  cleanups.push(() => up.close());
  return up;
}

/** A scenario run on one pair of the matrix. */
interface Pair {
  upstream: UpstreamPath;
  host: Host;
}

const model = (pair: Pair, name: string, up: FakeUpstream, extra: Partial<ModelConfig> = {}): ModelConfig => ({
  provider: openaiCompatible({ model: name, baseUrl: up.url, apiKey: 'sk-test', ...pair.upstream.options() }),
  model: name,
  retry: false,
  breaker: false,
  ...extra,
});

async function host(pair: Pair, chains: Record<string, ChainConfig>, maxBodyBytes?: number): Promise<Hosted> {
  const handler = createCascadeHandler({
    chains,
    logger: { warn: () => {}, error: () => {} },
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  const hosted = await pair.host.start(handler);
  cleanups.push(() => hosted.close());
  return hosted;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const ask = { messages: [{ role: 'user', content: 'Grüß dich' }] };
const TOKENS = ['Grüß ', '"dich"\n', '👋', ' \u2028</script>'];

/** Status, the headers a client reads, and the body, as one text. */
async function answer(response: Response): Promise<string> {
  const head = ['content-type', 'x-cascade-model', 'allow', 'retry-after'].map(
    (name) => `${name}: ${response.headers.get(name)}`,
  );
  return [String(response.status), ...head, await response.text()].join('\n');
}

/** The text a chat-completions client assembles from a streamed answer's chunks. */
function contentOf(text: string): string {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => (JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: string } }[] }).choices)
    .map((choices) => choices?.[0]?.delta?.content ?? '')
    .join('');
}

type Scenario = (pair: Pair) => Promise<string>;

const SCENARIOS: Record<string, Scenario> = {
  async 'cascade route: a streamed answer split at every third byte'(pair) {
    const up = await upstream({ tokens: TOKENS, splitEveryBytes: 3 });
    const hosted = await host(pair, { c: { final: [model(pair, 'm', up)] } });
    return sameCascadeBytes(await answer(await hosted.fetch(`${hosted.url}/api/cascade`, json(ask))));
  },
  async 'cascade route: a 500 falls back to the next model'(pair) {
    const broken = await upstream({ status: 500 });
    const healthy = await upstream({ tokens: TOKENS });
    const hosted = await host(pair, { c: { final: [model(pair, 'broken', broken), model(pair, 'healthy', healthy)] } });
    return sameCascadeBytes(await answer(await hosted.fetch(`${hosted.url}/api/cascade`, json(ask))));
  },
  async 'cascade route: a cut after the first tokens resets and falls back'(pair) {
    const cut = await upstream({ tokens: TOKENS, cutAfterTokens: 2, tokenDelayMs: 20 });
    const healthy = await upstream({ tokens: ['fine'] });
    const hosted = await host(pair, { c: { final: [model(pair, 'cut', cut), model(pair, 'healthy', healthy)] } });
    return sameCascadeBytes(await answer(await hosted.fetch(`${hosted.url}/api/cascade`, json(ask))));
  },
  async 'cascade route: bad input (not JSON, wrong shape, too large, wrong method, no route)'(pair) {
    const up = await upstream();
    const hosted = await host(pair, { c: { final: [model(pair, 'm', up)] } }, 100);
    const at = `${hosted.url}/api/cascade`;
    return [
      await answer(await hosted.fetch(at, { method: 'POST', body: '{' })),
      await answer(await hosted.fetch(at, json({ messages: [{ role: 'user', content: 42 }] }))),
      await answer(await hosted.fetch(at, { method: 'POST', body: 'x'.repeat(5_000) })),
      await answer(await hosted.fetch(at)),
      await answer(await hosted.fetch(`${hosted.url}/api/nothing`)),
      await answer(await hosted.fetch(`${hosted.url}/api/health`)),
    ].join('\n---\n');
  },
  async 'gateway: a streamed answer with a usage chunk'(pair) {
    const up = await upstream({ tokens: TOKENS, splitEveryBytes: 3 });
    const hosted = await host(pair, { support: { final: [model(pair, 'gpt-up', up)] } });
    const body = { model: 'support', messages: ask.messages, stream: true, stream_options: { include_usage: true } };
    const text = await answer(await hosted.fetch(`${hosted.url}/v1/chat/completions`, json(body)));
    expect(text).toContain('data: [DONE]');
    return sameGatewayBytes(text);
  },
  async 'gateway: a complete answer'(pair) {
    const up = await upstream({ tokens: TOKENS });
    const hosted = await host(pair, { support: { final: [model(pair, 'gpt-up', up)] } });
    const body = { model: 'support', messages: ask.messages };
    return sameGatewayBytes(await answer(await hosted.fetch(`${hosted.url}/v1/chat/completions`, json(body))));
  },
  async 'gateway: a lane that fails before any text (streaming and not)'(pair) {
    const up = await upstream({ status: 500 });
    const hosted = await host(pair, { support: { final: [model(pair, 'gpt-up', up)] } });
    const at = `${hosted.url}/v1/chat/completions`;
    return [
      await answer(await hosted.fetch(at, json({ model: 'support', messages: ask.messages, stream: true }))),
      await answer(await hosted.fetch(at, json({ model: 'support', messages: ask.messages }))),
    ].join('\n---\n');
  },
  async 'gateway: a fallback whose restarted answer diverges from the text sent ends the stream with an error naming the cut'(
    pair,
  ) {
    const cut = await upstream({ tokens: TOKENS, cutAfterTokens: 2, tokenDelayMs: 20 });
    const healthy = await upstream({ tokens: ['fine'] });
    const hosted = await host(pair, {
      support: { final: [model(pair, 'cut', cut), model(pair, 'healthy', healthy)] },
    });
    const body = { model: 'support', messages: ask.messages, stream: true };
    const text = await answer(await hosted.fetch(`${hosted.url}/v1/chat/completions`, json(body)));
    expect(text).toContain('"code":"network"');
    expect(text).toContain('The connection to the model failed');
    expect(text).not.toContain('fine');
    return sameGatewayBytes(text);
  },
  async 'gateway: a cut rescued mid-stream, by prefill and by restart and splice'(pair) {
    const texts: string[] = [];
    for (const prefill of [true, false]) {
      const cut = await upstream({ tokens: TOKENS, cutAfterTokens: 2, tokenDelayMs: 20 });
      const backup = await upstream({ tokens: TOKENS, prefill: prefill ? 'continue' : 'reject' });
      const hosted = await host(pair, {
        support: { final: [model(pair, 'cut', cut), model(pair, 'backup', backup, { prefill })] },
      });
      const body = { model: 'support', messages: ask.messages, stream: true };
      const text = await answer(await hosted.fetch(`${hosted.url}/v1/chat/completions`, json(body)));
      expect(text).toContain('data: [DONE]');
      expect(contentOf(text), `prefill: ${prefill}`).toBe(TOKENS.join(''));
      texts.push(sameGatewayBytes(text));
    }
    return texts.join('\n---\n');
  },
  async 'both routes: every model rate limited answers 429 with the smallest Retry-After'(pair) {
    const first = await upstream({ status: 429, retryAfter: '30' });
    const second = await upstream({ status: 429, retryAfter: '7' });
    const hosted = await host(pair, {
      c: { final: [model(pair, 'first', first), model(pair, 'second', second)] },
    });
    const gateway = `${hosted.url}/v1/chat/completions`;
    const texts = [
      await answer(await hosted.fetch(`${hosted.url}/api/cascade`, json({ ...ask, chain: 'c' }))),
      await answer(await hosted.fetch(gateway, json({ model: 'c', messages: ask.messages }))),
      await answer(await hosted.fetch(gateway, json({ model: 'c', messages: ask.messages, stream: true }))),
    ];
    for (const text of texts) expect(text).toMatch(/^429\n(.|\n)*retry-after: 7\n/);
    return texts.join('\n---\n');
  },
};

const REFERENCE: Pair = { upstream: UPSTREAM_PATHS[0] as UpstreamPath, host: IN_PROCESS };
const references = new Map<string, Promise<string>>();

/** Reads `response` until `done(text so far)` holds. */
async function readUntil(response: Response, done: (text: string) => boolean): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) throw new Error(`the body ended before the awaited text: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`${what} did not happen within 2 s`);
}

describe.each(MATRIX)('$name', (pair) => {
  for (const name of Object.keys(SCENARIOS)) {
    it(`${name}: the same bytes as in-process on the global fetch`, async () => {
      const scenario = SCENARIOS[name] as Scenario;
      let reference = references.get(name);
      if (!reference) {
        reference = scenario(REFERENCE);
        references.set(name, reference);
      }
      const expected = await reference;
      expect(await scenario(pair)).toBe(expected);
    });
  }

  it('cascade route: a client that goes away closes both lanes’ upstream sockets', async () => {
    const draft = await upstream({ stallAfterTokens: 1 });
    const final = await upstream({ stallAfterTokens: 1 });
    const hosted = await host(pair, { c: { draft: [model(pair, 'd', draft)], final: [model(pair, 'f', final)] } });
    const client = new AbortController();
    const response = await hosted.fetch(`${hosted.url}/api/cascade`, { ...json(ask), signal: client.signal });
    await readUntil(
      response,
      (text) => text.includes('"lane":"draft","text"') && text.includes('"lane":"final","text"'),
    );
    client.abort();
    await within(Promise.all([draft.requests[0]?.closed, final.requests[0]?.closed]), 2_000, 'the upstream closes');
    expect([draft.requests[0]?.clientAborted, final.requests[0]?.clientAborted]).toEqual([true, true]);
  });

  it('gateway: a client that goes away mid-stream closes the upstream socket', async () => {
    const up = await upstream({ stallAfterTokens: 1 });
    const hosted = await host(pair, { support: { final: [model(pair, 'gpt-up', up)] } });
    const client = new AbortController();
    const body = { model: 'support', messages: ask.messages, stream: true };
    const response = await hosted.fetch(`${hosted.url}/v1/chat/completions`, {
      ...json(body),
      signal: client.signal,
    });
    expect(response.status).toBe(200);
    await readUntil(response, (text) => text.includes('"content":"Hello"'));
    client.abort();
    await within(up.requests[0]?.closed ?? Promise.resolve(), 2_000, 'the upstream closes');
    expect(up.requests[0]?.clientAborted).toBe(true);
  });

  it('cascade route: a client that cancels before the first token closes the upstream socket', async () => {
    const up = await upstream({ headersDelayMs: 60_000 });
    const hosted = await host(pair, { c: { final: [model(pair, 'm', up)] } });
    const client = new AbortController();
    // The head waits for the upstream's (see the cascade route), so the client gives up before it.
    const response = hosted.fetch(`${hosted.url}/api/cascade`, { ...json(ask), signal: client.signal });
    response.catch(() => {});
    await until(() => up.requests.length === 1, 'the upstream request');
    client.abort();
    await within(up.requests[0]?.closed ?? Promise.resolve(), 2_000, 'the upstream closes');
    expect(up.requests[0]?.clientAborted).toBe(true);
  });
});

describe('regressions: an application wrapper around the handler behind serveNode', () => {
  const pair: Pair = { upstream: UPSTREAM_PATHS[1] as UpstreamPath, host: WRAPPED_HANDLER };

  it('reads the request body the client sent', async () => {
    const up = await upstream();
    const hosted = await host(pair, { c: { final: [model(pair, 'm', up)] } });
    const response = await hosted.fetch(`${hosted.url}/api/cascade`, json(ask));
    expect(response.headers.get('x-wrapped')).toBe('yes');
    await response.text();
    expect(hosted.bodies).toEqual([JSON.stringify(ask)]);
  });

  it('passes a streamed gateway answer on whole (not 200 with 0 bytes)', async () => {
    const up = await upstream({ tokens: ['one ', 'two'] });
    const hosted = await host(pair, { support: { final: [model(pair, 'gpt-up', up)] } });
    const body = { model: 'support', messages: ask.messages, stream: true };
    const response = await hosted.fetch(`${hosted.url}/v1/chat/completions`, json(body));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"content":"one "');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
