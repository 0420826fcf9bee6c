/**
 * What a caller gets for the failures that are not the model's health, over real sockets with
 * the fault upstreams: silent models are left at once and inside a budget, refusals reach the
 * caller with their reason, and usage counts only what reached a model.
 */
import { type CascadeEvent, decodeEventStream } from '@cascadekit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import type { NodeServer } from '../node/index.js';
import { DEFAULT_TOKENS, type UpstreamScript } from '../testing/index.js';

const ANSWER = DEFAULT_TOKENS.join('');
const rig = upstreamRig();
afterEach(() => rig.close());
const { model, serve } = rig;
const upstream = (script: UpstreamScript = {}, format: 'openai' | 'anthropic' = 'openai') =>
  rig.upstream(format, script);

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const messages = [{ role: 'user', content: 'Say hello' }];

async function cascade(server: NodeServer): Promise<{ status: number; events: CascadeEvent[] }> {
  const response = await post(`${server.url}/api/cascade`, { messages });
  const events: CascadeEvent[] = [];
  if (response.status !== 200) return { status: response.status, events };
  for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) events.push(event);
  return { status: response.status, events };
}

async function complete(server: NodeServer, stream = false) {
  const response = await post(`${server.url}/v1/chat/completions`, { model: 'c', messages, stream });
  return { response, body: (await response.text()) as string };
}

const laneFailed = (events: CascadeEvent[]) => events.find((event) => event.type === 'lane-failed');
const settledModel = (events: CascadeEvent[]) =>
  events.find((event): event is Extract<CascadeEvent, { type: 'settled' }> => event.type === 'settled')?.model;

describe('a silent model', () => {
  it('is left at once after a headers timeout, its retries notwithstanding', async () => {
    const silent = await upstream({ headersDelayMs: 10_000 });
    const healthy = await upstream();
    const server = await serve({
      final: [
        model('silent', silent, { retry: { attempts: 3, baseDelayMs: 1 }, timeouts: { headersMs: 200 } }),
        model('healthy', healthy),
      ],
    });
    const { events } = await cascade(server);
    expect(silent.requests).toHaveLength(1);
    expect(events.find((e) => e.type === 'attempt-failed')).toMatchObject({
      reason: 'timeout-headers',
      next: 'fallback',
    });
    expect(settledModel(events)).toBe('healthy');
  });

  it('leaves the fallback room inside the lane deadline (30 s-like timeouts, scaled to 1.8 s of 2 s)', async () => {
    // Headers after 0.8 s, then no token: its own first-token deadline would end at 2.6 s, past
    // the lane's 2 s. Its budget (the 2 s shared by two models) ends it at 1 s.
    const silent = await upstream({ headersDelayMs: 800, firstTokenDelayMs: 10_000 });
    const healthy = await upstream();
    const timeouts = { headersMs: 1_800, firstTokenMs: 1_800 };
    const server = await serve({
      final: [model('silent', silent, { timeouts }), model('healthy', healthy, { timeouts })],
      deadlineMs: 2_000,
    });
    const { events } = await cascade(server);
    expect(events.find((e) => e.type === 'attempt-failed')).toMatchObject({
      reason: 'timeout-first-token',
      next: 'fallback',
    });
    expect(settledModel(events)).toBe('healthy');
  });
});

describe('a content filter’s refusal', () => {
  const AZURE =
    "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.";

  it('reaches the caller with the provider’s reason on both routes, and no fallback is asked', async () => {
    const filtered = await upstream({ status: 400, errorMessage: AZURE });
    const healthy = await upstream();
    const server = await serve({ final: [model('filtered', filtered), model('healthy', healthy)] });

    const { events } = await cascade(server);
    expect(laneFailed(events)).toMatchObject({ code: 'content_filter', reason: 'http-status' });
    expect((laneFailed(events) as { message: string }).message).toContain('content management policy');
    for (const stream of [false, true]) {
      const { response, body } = await complete(server, stream);
      expect(response.status).toBe(400);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'content_filter', type: 'invalid_request_error' } });
      expect(body).toContain('content management policy');
    }
    expect(healthy.requests).toHaveLength(0);
  });

  it('in Anthropic’s words too; and falls back with failoverOnContentFilter', async () => {
    const filtered = await upstream(
      { status: 400, errorMessage: 'Output blocked by content filtering policy' },
      'anthropic',
    );
    const healthy = await upstream();
    const server = await serve({
      final: [model('filtered', filtered), model('healthy', healthy)],
      failoverOnContentFilter: true,
    });
    const { events } = await cascade(server);
    expect(events.find((e) => e.type === 'attempt-failed')).toMatchObject({ next: 'fallback', status: 400 });
    expect(settledModel(events)).toBe('healthy');
  });
});

describe('a conversation too long for the model', () => {
  const TOO_LONG = {
    status: 400,
    errorMessage: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9100 tokens.",
  };

  it('goes only to a later model whose context window is larger', async () => {
    const small = await upstream(TOO_LONG);
    const smaller = await upstream();
    const large = await upstream();
    const server = await serve({
      final: [
        model('small', small, { contextWindow: 8_192 }),
        model('smaller', smaller, { contextWindow: 4_096 }),
        model('large', large, { contextWindow: 128_000 }),
      ],
    });
    const { events } = await cascade(server);
    expect(settledModel(events)).toBe('large');
    expect(smaller.requests).toHaveLength(0);
  });

  it('is a clear 400 when no model’s window is larger', async () => {
    const small = await upstream(TOO_LONG);
    const other = await upstream();
    const server = await serve({
      final: [model('small', small, { contextWindow: 8_192 }), model('other', other, { contextWindow: 8_192 })],
    });
    const { response, body } = await complete(server);
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'context_length_exceeded', param: 'messages', type: 'invalid_request_error' },
    });
    expect(body).toContain('too long for every model of this chain (the largest context window is 8192 tokens)');
    expect(other.requests).toHaveLength(0);
  });
});

describe('usage', () => {
  it('is the serving attempt’s own; an attempt that never reached a model is reported, not billed', async () => {
    const busy = await upstream({ status: 503 });
    const healthy = await upstream({ usage: { inputTokens: 21, outputTokens: 4 } });
    const price = { inputPerMTok: 1_000, outputPerMTok: 1_000 };
    const server = await serve({ final: [model('busy', busy, { price }), model('healthy', healthy, { price })] });

    const { body } = await complete(server);
    expect(JSON.parse(body).choices[0].message.content).toBe(ANSWER);
    expect(JSON.parse(body).usage).toEqual({ prompt_tokens: 21, completion_tokens: 4, total_tokens: 25 });

    const { events } = await cascade(server);
    const settled = events.find((e): e is Extract<CascadeEvent, { type: 'settled' }> => e.type === 'settled');
    const [failed, served] = settled?.summary.attempts ?? [];
    expect(failed).toMatchObject({ model: 'busy', outcome: 'failed', reason: 'http-status' });
    expect(failed?.usage).toBeUndefined();
    expect(failed?.costUsd).toBeUndefined();
    expect(served).toMatchObject({ model: 'healthy', usage: { inputTokens: 21, outputTokens: 4 } });
    expect(settled?.summary.costUsd).toBeCloseTo(0.025);
  });
});
