import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIUpstream } from './upstream-openai.js';
import { DEFAULT_TOKENS, type FakeUpstream } from './upstream-server.js';

// The official client is the referee: if it reads the fake upstream, so will real-world code.
let upstream: FakeUpstream;
let client: OpenAI;
beforeEach(async () => {
  upstream = await startOpenAIUpstream();
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: upstream.url, maxRetries: 0 });
});
afterEach(async () => {
  await upstream.close();
});

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('the fake OpenAI upstream, read by the official openai client', () => {
  it('streams chunks, logprobs and the usage chunk the way OpenAI does', async () => {
    upstream.script = { splitEveryBytes: 3, keepAlives: 1, logprobs: [-0.5, -0.25, -1, -2] };
    const stream = await client.chat.completions.create({
      model: 'gpt-fake',
      messages,
      stream: true,
      logprobs: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const logprobs: number[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      for (const token of chunk.choices[0]?.logprobs?.content ?? []) logprobs.push(token.logprob);
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(DEFAULT_TOKENS.join(''));
    expect(logprobs).toEqual([-0.5, -0.25, -1, -2]);
    expect(usage).toEqual({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-fake');
  });

  it('answers an error status the way OpenAI does (status, type, Retry-After)', async () => {
    upstream.script = { status: 429, retryAfter: '7', errorMessage: 'slow down' };
    const error = await client.chat.completions.create({ model: 'gpt-fake', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      type: 'rate_limit_exceeded',
      message: expect.stringContaining('slow down'),
    });
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('7');
  });

  it('sends an in-band error the client raises as an APIError', async () => {
    upstream.script = { errorEventAfterTokens: 1, errorMessage: 'overloaded' };
    const stream = await client.chat.completions.create({ model: 'gpt-fake', messages, stream: true });
    const error = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toContain('overloaded');
  });

  it('ends a stream without [DONE] that the client still reads as complete (noTerminator)', async () => {
    upstream.script = { noTerminator: true, finishReason: 'length' };
    const stream = await client.chat.completions.create({ model: 'gpt-fake', messages, stream: true });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(DEFAULT_TOKENS.join(''));
    expect(finish).toBe('length');
    expect(upstream.requests[0]?.rawBody).toBeDefined();
  });

  it('answers a trailing assistant message anew by default, continues it or refuses it (400) on request', async () => {
    const prefilled = [...messages, { role: 'assistant' as const, content: 'Hello, w' }];
    const read = async () => {
      const stream = await client.chat.completions.create({ model: 'gpt-fake', messages: prefilled, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    expect(await read()).toBe(DEFAULT_TOKENS.join(''));
    upstream.script = { prefill: 'continue' };
    expect(await read()).toBe('örld 👋');
    upstream.script = { prefill: 'reject' };
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((error as Error).message)).toContain('does not support assistant message prefill');
  });

  it('records when the client closed a stalled request', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-fake', messages, stream: true },
      { signal: controller.signal },
    );
    await (async () => {
      for await (const _ of stream) controller.abort();
    })().catch(() => {});
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
    expect(upstream.requests[0]?.closedAt).toBeTypeOf('number');
  });
});
