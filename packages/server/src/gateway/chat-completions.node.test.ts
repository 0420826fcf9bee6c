import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, nodeTransport, serveNode } from '../node/index.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { startOpenAIUpstream } from '../testing/upstream-openai.js';
import { DEFAULT_TOKENS, type FakeUpstream } from '../testing/upstream-server.js';

// Client → gateway → upstream over two real loopback sockets.
let upstream: FakeUpstream;
let gateway: NodeServer;
let client: OpenAI;
let handler: ReturnType<typeof createCascadeHandler>;

beforeEach(async () => {
  upstream = await startOpenAIUpstream();
  handler = createCascadeHandler({
    logger: { warn: () => {}, error: () => {} },
    chains: {
      support: {
        final: [
          {
            provider: openaiCompatible({ model: 'gpt-up', baseUrl: upstream.url, apiKey: 'sk-upstream' }),
            model: 'gpt-up',
            retry: false,
            breaker: false,
          },
        ],
      },
    },
  });
  gateway = await serveNode(handler);
  client = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0 });
});

afterEach(async () => {
  await gateway.close();
  await upstream.close();
});

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('the gateway over real sockets', () => {
  it('streams an upstream answer split at every byte through to the official client', async () => {
    upstream.script = { splitEveryBytes: 1, tokens: ['Grüß ', 'dich ', '👋'] };
    const stream = await client.chat.completions.create({ model: 'support', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Grüß dich 👋');
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-upstream');
  });

  it('writes the same bytes through the Node adapter as the web-standard body carries', async () => {
    // The adapter reads the gateway's text directly, not through response.body; nothing may differ.
    upstream.script = { tokens: ['Grüß ', '"dich"\n', '👋', '\u2028</script>'] };
    const body = JSON.stringify({ model: 'support', messages, stream: true, stream_options: { include_usage: true } });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const overSocket = await fetch(`${gateway.url}/v1/chat/completions`, init);
    const direct = await handler(new Request('http://gateway.test/v1/chat/completions', init));
    // Each answer has its own id and second.
    const same = (text: string) => text.replace(/chatcmpl-[\w-]+/g, 'ID').replace(/"created":\d+/g, '"created":0');
    const [socketText, directText] = [await overSocket.text(), await direct.text()];
    expect(socketText.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(same(socketText)).toBe(same(directText));
    expect(overSocket.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    expect(overSocket.headers.get('x-cascade-model')).toBe('gpt-up');
  });

  it('answers without streaming', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'support', messages }).withResponse();
    expect(data.choices[0]?.message.content).toBe(DEFAULT_TOKENS.join(''));
    expect(response.headers.get('x-cascade-model')).toBe('gpt-up');
  });

  it('passes each token on as it comes through the Node transport and the adapter, never holding the answer back', async () => {
    // The upstream stalls after two tokens: the client can only see them if nothing waits for the end.
    upstream.script = { tokens: ['one ', 'two ', 'three'], stallAfterTokens: 2 };
    const lean = createCascadeHandler({
      logger: { warn: () => {}, error: () => {} },
      chains: {
        support: {
          final: [
            {
              provider: openaiCompatible({
                model: 'gpt-up',
                baseUrl: upstream.url,
                apiKey: 'k',
                transport: nodeTransport(),
              }),
              model: 'gpt-up',
            },
          ],
        },
      },
    });
    const server = await serveNode(lean);
    try {
      const controller = new AbortController();
      const leanClient = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });
      const stream = await leanClient.chat.completions.create(
        { model: 'support', messages, stream: true },
        { signal: controller.signal },
      );
      let text = '';
      await (async () => {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          if (text === 'one two ') controller.abort();
        }
      })().catch(() => {});
      expect(text).toBe('one two ');
      await upstream.requests[0]?.closed;
      expect(upstream.requests[0]?.clientAborted).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('closes the upstream socket when the client disconnects mid-stream', async () => {
    upstream.script = { stallAfterTokens: 1 };
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'support', messages, stream: true },
      { signal: controller.signal },
    );
    await (async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) controller.abort();
    })().catch(() => {});
    await upstream.requests[0]?.closed;
    expect(upstream.requests[0]?.clientAborted).toBe(true);
  });
});
