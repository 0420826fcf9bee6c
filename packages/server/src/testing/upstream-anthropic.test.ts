import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicUpstream } from './upstream-anthropic.js';
import { DEFAULT_TOKENS, type FakeUpstream } from './upstream-server.js';

// The official SDK is the referee: if it reads the fake upstream, so will real-world code.
let upstream: FakeUpstream;
let client: Anthropic;
beforeEach(async () => {
  upstream = await startAnthropicUpstream();
  client = new Anthropic({ apiKey: 'sk-ant-fake', baseURL: upstream.url, maxRetries: 0 });
});
afterEach(async () => {
  await upstream.close();
});

const params = { model: 'claude-fake', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('the fake Anthropic upstream, read by the official SDK', () => {
  it('streams message events, pings and usage the way the Messages API does', async () => {
    upstream.script = { splitEveryBytes: 5, keepAlives: 1 };
    const stream = client.messages.stream(params);
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const message = await stream.finalMessage();
    expect(text).toBe(DEFAULT_TOKENS.join(''));
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 11, output_tokens: DEFAULT_TOKENS.length });
    // SDK 1.x sends the key as a bearer token; the provider uses the long-standing x-api-key.
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-ant-fake');
  });

  it('answers an error status the way the API does', async () => {
    upstream.script = { status: 529, retryAfter: '3', errorMessage: 'Overloaded' };
    const error = await client.messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });
  });

  it('ends a stream without message_stop, which the SDK calls unfinished even after its stop_reason', async () => {
    upstream.script = { noTerminator: true };
    const error = await client.messages
      .stream(params)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(String(error)).toContain('stream ended without producing a Message');
  });

  it('continues a final assistant turn (a prefill) by default, or refuses it with 400 on request', async () => {
    const prefilled = { ...params, messages: [...params.messages, { role: 'assistant' as const, content: 'Hello,' }] };
    const continued = await client.messages.stream(prefilled).finalMessage();
    expect(continued.content).toMatchObject([{ type: 'text', text: ' wörld 👋' }]);
    upstream.script = { prefill: 'reject' };
    const error = await client.messages
      .stream(prefilled)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toContain('does not support assistant message prefill');
  });

  it('sends an in-band error event the SDK raises', async () => {
    upstream.script = { errorEventAfterTokens: 1, errorMessage: 'Overloaded' };
    const error = await client.messages
      .stream(params)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toContain('Overloaded');
  });
});
