import type { CascadeEvent } from '@cascadekit/core';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TurnEventQueue } from '../chain/turn-events.js';
import type { CascadeConfig, ModelConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { anthropic } from '../providers/anthropic.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { simulator } from '../simulator.js';
import { startAnthropicUpstream } from '../testing/upstream-anthropic.js';
import { startOpenAIUpstream } from '../testing/upstream-openai.js';
import { DEFAULT_TOKENS, type FakeUpstream } from '../testing/upstream-server.js';
import { type GatewayContext, handleChatCompletions } from './chat-completions.js';
import { openaiFinishReason } from './finish-reason.js';

const KEY = 'sk-upstream-secret-9000';
const silent = { warn: () => {}, error: () => {} };
const fast = { ttftMs: 1, headersMs: 1, tokensPerSecond: 2000, jitter: 0 };
const noRetry = { retry: false, breaker: false } as const;
/** Text that JSON must escape: quotes, backslash, newline, U+2028, emoji, HTML. */
const ESCAPES = 'He said "hi"\n\\ 👋 ü\u2028 </script> done.';

function sim(model: string, text: string, extra: Partial<Parameters<typeof simulator>[0]> = {}): ModelConfig {
  return { provider: simulator({ model, text, ...fast, ...extra }), model, ...noRetry };
}

let upstream: FakeUpstream;

function upstreamModel(name: string): ModelConfig {
  return {
    provider: openaiCompatible({ model: 'gpt-up', baseUrl: upstream.url, apiKey: KEY }),
    model: 'gpt-up',
    name,
    ...noRetry,
  };
}

let draftCalls = 0;
const draft = simulator({ model: 'sim-draft', text: 'draft text', ...fast });

function setup() {
  draftCalls = 0;
  const config: CascadeConfig = {
    logger: silent,
    chains: {
      plain: { final: [sim('sim-large', 'Hello from the cascade 👋, with ümlauts.')] },
      escapes: { final: [sim('sim-escapes', ESCAPES)] },
      speculative: {
        draft: [
          {
            provider: {
              kind: 'simulator',
              model: 'sim-draft',
              stream: (request) => {
                draftCalls += 1;
                return draft.stream(request);
              },
            },
            model: 'sim-draft',
            ...noRetry,
          },
        ],
        final: [sim('sim-final', 'final text')],
      },
      upstream: { final: [upstreamModel('gpt-up')] },
      fallback: { final: [upstreamModel('gpt-up'), sim('sim-backup', 'backup answer')] },
      broken: { final: [sim('sim-broken', 'never', { failure: { kind: 'http', status: 500 } })] },
      continued: { failover: 'continue', final: [upstreamModel('gpt-up'), sim('sim-backup', ' and the rest.')] },
    },
  };
  // The handler routes /v1/chat/completions to the gateway by default.
  const handler = createCascadeHandler(config);
  const responses: Response[] = [];
  const client = new OpenAI({
    apiKey: 'client-key-unused',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async (url, init) => {
      const response = await handler(new Request(url, init));
      responses.push(response.clone());
      return response;
    },
  });
  return { handler, client, responses };
}

const question = [{ role: 'user' as const, content: 'Say hello' }];

beforeEach(async () => {
  upstream = await startOpenAIUpstream();
});
afterEach(async () => {
  await upstream.close();
});

describe('POST /v1/chat/completions with the official openai client', () => {
  it('answers a non-streaming request with the final lane and names the serving model', async () => {
    const { client } = setup();
    const { data, response } = await client.chat.completions
      .create({ model: 'plain', messages: question })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('sim-large');
    expect(data.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Hello from the cascade 👋, with ümlauts.',
    });
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-cascade-model')).toBe('sim-large');
  });

  it('streams standard chunks ending in [DONE], with a usage chunk when asked', async () => {
    const { client } = setup();
    const stream = await client.chat.completions.create({
      model: 'upstream',
      messages: question,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe(DEFAULT_TOKENS.join(''));
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'gpt-up')).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
  });

  it('runs only the final lane of a chain that also has a draft lane', async () => {
    const { client } = setup();
    const data = await client.chat.completions.create({ model: 'speculative', messages: question });
    expect(data.choices[0]?.message.content).toBe('final text');
    expect(data.model).toBe('sim-final');
    expect(draftCalls).toBe(0);
  });

  it('falls back to the next model and reports it in `model` and x-cascade-model', async () => {
    upstream.script = { status: 500 };
    const { client } = setup();
    const { data, response } = await client.chat.completions
      .create({ model: 'fallback', messages: question })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('backup answer');
    expect(data.model).toBe('sim-backup');
    expect(response.headers.get('x-cascade-model')).toBe('sim-backup');
  });

  it('never mixes two models’ text: a cut after the first token yields only the backup’s answer', async () => {
    upstream.script = { cutAfterTokens: 2, tokenDelayMs: 20 };
    const { client } = setup();
    const data = await client.chat.completions.create({ model: 'fallback', messages: question });
    expect(data.choices[0]?.message.content).toBe('backup answer');
  });

  it('ends a stream with an in-band error, not mixed text, when the model fails after text was sent', async () => {
    upstream.script = { cutAfterTokens: 2, tokenDelayMs: 20 };
    const { client } = setup();
    const stream = await client.chat.completions.create({ model: 'fallback', messages: question, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('stream_reset');
    expect(text).toBe(DEFAULT_TOKENS.slice(0, 2).join(''));
  });

  it('continues seamlessly mid-stream with failover policy `continue`', async () => {
    upstream.script = { cutAfterTokens: 2, tokenDelayMs: 20 };
    const { client } = setup();
    const stream = await client.chat.completions.create({ model: 'continued', messages: question, stream: true });
    let text = '';
    const models = new Set<string>();
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      models.add(chunk.model);
    }
    expect(text).toBe(`${DEFAULT_TOKENS.slice(0, 2).join('')} and the rest.`);
    expect([...models]).toEqual(['gpt-up', 'sim-backup']);
  });

  it('answers a lane that fails before any text with 502 (streaming and not)', async () => {
    const { client } = setup();
    await expect(client.chat.completions.create({ model: 'broken', messages: question })).rejects.toMatchObject({
      status: 502,
      type: 'upstream_error',
    });
    await expect(
      client.chat.completions.create({ model: 'broken', messages: question, stream: true }),
    ).rejects.toMatchObject({ status: 502 });
  });

  it('sends the upstream key only to the upstream, never to the client', async () => {
    upstream.script = { status: 401, errorMessage: `Incorrect API key provided: ${KEY}` };
    const { client, responses } = setup();
    const failed = await client.chat.completions.create({ model: 'upstream', messages: question }).catch((e) => e);
    expect(failed).toMatchObject({ status: 502 });
    upstream.script = {};
    await client.chat.completions.create({ model: 'upstream', messages: question });
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    for (const response of responses) {
      expect(await response.text()).not.toContain(KEY);
      expect(JSON.stringify([...response.headers])).not.toContain(KEY);
    }
  });

  it('stops the upstream when the client aborts a stream', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const { client } = setup();
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'upstream', messages: question, stream: true },
      { signal: controller.signal },
    );
    const consumed = (async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) controller.abort();
    })().catch(() => {});
    await consumed;
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });

  it('writes each chunk as the canonical JSON of its object (content chunks are assembled from parts)', async () => {
    const { handler } = setup();
    const response = await handler(
      new Request('http://gateway.test/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'escapes', stream: true, messages: question }),
      }),
    );
    const raw = await response.text();
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    const lines = raw.split('\n\n').filter((line) => line.startsWith('data: {'));
    let streamed = '';
    for (const line of lines) {
      const data = line.slice('data: '.length);
      const chunk = JSON.parse(data) as { choices: { delta: { content?: string } }[] };
      // Same keys, same order, same escaping as JSON.stringify of the whole object.
      expect(JSON.stringify(chunk)).toBe(data);
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'choices']);
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    expect(streamed).toBe(ESCAPES);
  });
});

describe("finish_reason: the serving attempt's own", () => {
  let claude: FakeUpstream;
  beforeEach(async () => {
    claude = await startAnthropicUpstream();
  });
  afterEach(async () => {
    await claude.close();
  });

  function finishClient() {
    const claudeModel: ModelConfig = {
      provider: anthropic({ model: 'claude-up', baseUrl: claude.url, apiKey: KEY }),
      model: 'claude-up',
      ...noRetry,
    };
    const handler = createCascadeHandler({
      logger: silent,
      chains: {
        openai: { final: [upstreamModel('gpt-up')] },
        claude: { final: [claudeModel] },
        // The first model fails before any text, so the second one's reason is the answer's.
        fallback: { final: [claudeModel, upstreamModel('gpt-up')] },
      },
    });
    return new OpenAI({
      apiKey: 'unused',
      baseURL: 'http://gateway.test/v1',
      maxRetries: 0,
      fetch: (url, init) => handler(new Request(url, init)),
    });
  }

  async function finishReasons(client: OpenAI, chain: string): Promise<{ complete: unknown; streamed: unknown[] }> {
    const complete = await client.chat.completions.create({ model: chain, messages: question });
    const stream = await client.chat.completions.create({ model: chain, messages: question, stream: true });
    const streamed: unknown[] = [];
    for await (const chunk of stream) streamed.push(chunk.choices[0]?.finish_reason);
    return { complete: complete.choices[0]?.finish_reason, streamed };
  }

  it.each([
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['tool_calls', 'tool_calls'],
    ['stop', 'stop'],
  ])("passes an OpenAI-compatible upstream's %s on as %s", async (upstreamReason, reported) => {
    upstream.script = { finishReason: upstreamReason };
    const { complete, streamed } = await finishReasons(finishClient(), 'openai');
    expect(complete).toBe(reported);
    // Only the last chunk carries it; every earlier one has null.
    expect(streamed.at(-1)).toBe(reported);
    expect(streamed.slice(0, -1).every((reason) => reason === null)).toBe(true);
  });

  it.each([
    ['max_tokens', 'length'],
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['tool_use', 'tool_calls'],
  ])("reports Anthropic's %s as %s", async (stopReason, reported) => {
    claude.script = { finishReason: stopReason };
    const { complete, streamed } = await finishReasons(finishClient(), 'claude');
    expect(complete).toBe(reported);
    expect(streamed.at(-1)).toBe(reported);
  });

  it('reports the attempt that served, not a failed one before it', async () => {
    claude.script = { status: 500 };
    upstream.script = { finishReason: 'length' };
    const { complete, streamed } = await finishReasons(finishClient(), 'fallback');
    expect(complete).toBe('length');
    expect(streamed.at(-1)).toBe('length');
  });

  it('says stop when the upstream gave no reason', () => {
    expect(openaiFinishReason(undefined)).toBe('stop');
    expect(openaiFinishReason('')).toBe('stop');
    expect(openaiFinishReason('refusal')).toBe('content_filter');
  });
});

describe('handleChatCompletions with a runner of its own (any TurnEvents)', () => {
  /** A runner's events, one read per event; a runner that throws breaks the turn. */
  function context(events: (signal: AbortSignal) => AsyncIterable<CascadeEvent>): GatewayContext {
    return {
      chains: ['own'],
      readBody: (request) => request.text(),
      runChain: (_chain, _messages, signal) => {
        const queue = new TurnEventQueue(() => {});
        (async () => {
          for await (const event of events(signal)) {
            queue.push(event);
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          queue.close();
        })().catch((error: unknown) => queue.fail(error));
        return queue;
      },
    };
  }
  const request = (stream: boolean) =>
    new Request('http://gateway.test/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'own', stream, messages: question }),
    });
  async function* answer(): AsyncGenerator<CascadeEvent> {
    yield { type: 'turn-start', v: 1, turnId: 't1', chain: 'own', lanes: ['final'] };
    yield { type: 'attempt-start', lane: 'final', attempt: 0, model: 'm', provider: 'custom' };
    yield { type: 'delta', lane: 'final', text: 'Hel' };
    yield { type: 'delta', lane: 'final', text: 'lo' };
    yield { type: 'lane-done', lane: 'final', model: 'm', text: 'Hello' };
    yield { type: 'done' };
  }

  it('streams and answers from a plain async generator', async () => {
    const streamedText = await (await handleChatCompletions(request(true), context(answer))).text();
    const deltas = streamedText
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]);
    expect(deltas.map((choice) => choice?.delta.content ?? '').join('')).toBe('Hello');
    expect(streamedText.endsWith('data: [DONE]\n\n')).toBe(true);
    const complete = (await (await handleChatCompletions(request(false), context(answer))).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(complete.choices[0]?.message.content).toBe('Hello');
  });

  it('ends the stream with an in-band error when the runner breaks after text', async () => {
    async function* broken(): AsyncGenerator<CascadeEvent> {
      yield { type: 'attempt-start', lane: 'final', attempt: 0, model: 'm', provider: 'custom' };
      yield { type: 'delta', lane: 'final', text: 'Hel' };
      throw new Error('runner broke');
    }
    const text = await (await handleChatCompletions(request(true), context(broken))).text();
    expect(text).toContain('"content":"Hel"');
    expect(text).toContain('"error"');
    expect(text).not.toContain('[DONE]');
  });
});

describe('POST /v1/chat/completions bad input', () => {
  it('rejects an unknown chain with 404 model_not_found', async () => {
    const { client } = setup();
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: question })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      param: 'model',
    });
  });

  it.each([
    ['{not json', 'invalid_json', null],
    [JSON.stringify({ model: 'plain', messages: [] }), 'invalid_value', 'messages'],
    [JSON.stringify({ messages: question }), 'invalid_value', 'model'],
    [
      JSON.stringify({ model: 'plain', messages: [{ role: 'tool', content: 'x' }] }),
      'invalid_value',
      'messages[0].role',
    ],
    [
      JSON.stringify({ model: 'plain', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }),
      'invalid_value',
      'messages[0].content',
    ],
    [JSON.stringify({ model: 'plain', messages: question, n: 2 }), 'unsupported_value', 'n'],
  ])('answers %s with 400 and an OpenAI-style error', async (body, code, param) => {
    const { handler } = setup();
    const response = await handler(
      new Request('http://gateway.test/v1/chat/completions', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.status).toBe(400);
    const json = (await response.json()) as {
      error: { type: string; code: string; param: string | null; message: string };
    };
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code, param });
    expect(json.error.message.length).toBeGreaterThan(0);
  });

  it('accepts text parts and developer messages', async () => {
    const { client } = setup();
    const data = await client.chat.completions.create({
      model: 'plain',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Say ' },
            { type: 'text', text: 'hello' },
          ],
        },
      ],
    });
    expect(data.choices[0]?.message.content).toContain('Hello from the cascade');
  });

  it('answers a body over the limit with 413 in the OpenAI error shape', async () => {
    const { handler } = setup();
    const body = JSON.stringify({ model: 'plain', messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] });
    const response = await handler(
      new Request('http://gateway.test/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    );
    expect(response.status).toBe(413);
    const json = (await response.json()) as { error: { type: string } };
    expect(json.error.type).toBe('invalid_request_error');
  });
});
