import { describe, expect, it } from 'vitest';
import { memoryLogger, post } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { parseChatCompletionRequest } from './chat-request.js';
import { GatewayError } from './openai-error.js';

const body = (messages: unknown) => JSON.stringify({ model: 'c', messages });

function refusal(text: string): GatewayError {
  try {
    parseChatCompletionRequest(text);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('chat-completions request rules', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses the role %s (roles are own keys, not inherited ones)',
    (role) => {
      const error = refusal(
        body([
          { role, content: 'hi' },
          { role: 'user', content: 'hi' },
        ]),
      );
      expect(error.status).toBe(400);
      expect(error.param).toBe('messages[0].role');
    },
  );

  it.each([
    ['no user message', [{ role: 'system', content: 'Be brief.' }]],
    ['an empty one', [{ role: 'user', content: '' }]],
    ['only spaces', [{ role: 'user', content: '  \n ' }]],
    ['empty text parts', [{ role: 'user', content: [{ type: 'text', text: ' ' }] }]],
    [
      'a null content',
      [
        { role: 'user', content: null },
        { role: 'assistant', content: 'Hi!' },
      ],
    ],
  ])('refuses a turn with %s, naming messages', (_case, messages) => {
    const error = refusal(body(messages));
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages');
    expect(error.message).toContain('user message');
  });

  it('accepts a conversation with a non-empty user message', () => {
    const parsed = parseChatCompletionRequest(
      body([
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ]),
    );
    expect(parsed.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('answers such a turn with 400 before any model runs', async () => {
    let calls = 0;
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: 'simulator', model: 'sim' }] } },
      logger: memoryLogger(),
      onAttempt: () => calls++,
    });
    const response = await handler(
      post({ model: 'c', messages: [{ role: 'user', content: '' }] }, '/v1/chat/completions'),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('messages');
    expect(calls).toBe(0);
  });
});
