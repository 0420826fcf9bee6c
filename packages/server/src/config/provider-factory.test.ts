import { afterEach, describe, expect, it } from 'vitest';
import { ask, events, memoryLogger, ofType, post, sim } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { fetchTransport, type UpstreamTransport } from '../providers/transport.js';
import { type FakeUpstream, startAnthropicUpstream, startOpenAIUpstream } from '../testing/index.js';
import { apiKeyVariable } from './api-keys.js';
import { ConfigError } from './config-error.js';
import { createProvider } from './provider-factory.js';

let upstream: FakeUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

describe('provider factory', () => {
  it('picks the key variable: apiKeyEnv, else the provider default, none for local OpenAI-compatible servers', () => {
    expect(apiKeyVariable({ provider: 'openai', model: 'm', apiKeyEnv: 'OPENROUTER_KEY' })).toBe('OPENROUTER_KEY');
    expect(apiKeyVariable({ provider: 'openai', model: 'm' })).toBe('OPENAI_API_KEY');
    expect(apiKeyVariable({ provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:11434/v1' })).toBeUndefined();
    expect(apiKeyVariable({ provider: 'anthropic', model: 'm' })).toBe('ANTHROPIC_API_KEY');
    expect(apiKeyVariable({ provider: 'simulator', model: 'm' })).toBeUndefined();
  });

  it("hands the context's fetch to the HTTP providers", async () => {
    const calls: string[] = [];
    const fetch = ((input: string | URL | Request) => {
      calls.push(String(input));
      return Promise.resolve(new Response('{"error":"nope"}', { status: 500 }));
    }) as typeof globalThis.fetch;
    const context = { env: { ANTHROPIC_API_KEY: 'k' }, clock: { now: () => 0, sleep: async () => {} }, fetch };
    for (const provider of ['openai', 'anthropic'] as const) {
      const stream = createProvider({ provider, model: 'm', baseUrl: 'http://127.0.0.1:1' }, context).stream({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        signal: new AbortController().signal,
      });
      await expect(
        (async () => {
          for await (const _ of stream);
        })(),
      ).rejects.toMatchObject({ reason: 'http-status', status: 500 });
    }
    expect(calls).toEqual(['http://127.0.0.1:1/chat/completions', 'http://127.0.0.1:1/v1/messages']);
  });

  it("hands the config's transport to the HTTP providers (and refuses it beside fetch)", async () => {
    upstream = await startOpenAIUpstream({ tokens: ['Through ', 'the transport'] });
    const calls: string[] = [];
    const transport: UpstreamTransport = {
      request(call) {
        calls.push(`${call.method} ${call.url}`);
        return fetchTransport().request(call);
      },
    };
    const chains = { c: { final: [{ provider: 'openai' as const, model: 'gpt-test', baseUrl: upstream.url }] } };
    const handler = createCascadeHandler({ chains, transport, logger: memoryLogger() });
    const all = await events(await handler(post(ask())));
    expect(ofType(all, 'lane-done')[0]).toMatchObject({ text: 'Through the transport' });
    expect(calls).toEqual([`POST ${upstream.url}/chat/completions`]);
    expect(() => createCascadeHandler({ chains, transport, fetch: globalThis.fetch })).toThrow(
      'config.transport and config.fetch are both given: give one (fetch: f means transport: fetchTransport(f))',
    );
  });

  it('builds each kind', () => {
    const context = {
      env: { OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' },
      clock: { now: () => 0, sleep: async () => {} },
    };
    expect(createProvider({ provider: 'openai', model: 'gpt' }, context).kind).toBe('openai');
    expect(createProvider({ provider: 'anthropic', model: 'claude' }, context).kind).toBe('anthropic');
    expect(createProvider({ provider: 'simulator', model: 'sim' }, context)).toMatchObject({
      kind: 'simulator',
      model: 'sim',
    });
  });

  it('a missing key is a ConfigError at start naming the model and the variable', () => {
    const start = (env: Record<string, string | undefined>) => () =>
      createCascadeHandler({
        chains: {
          support: {
            draft: [sim('fast'), { provider: 'openai', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:11434/v1' }],
            final: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }],
          },
        },
        env,
      });
    expect(start({})).toThrow(ConfigError);
    expect(start({ ANTHROPIC_API_KEY: '' })).toThrow(
      /^chains\.support\.final\[0\] \(anthropic model claude-sonnet-4-5\) needs an API key, and the environment variable ANTHROPIC_API_KEY is not set\. .*requireApiKeys: false/,
    );
    expect(start({ ANTHROPIC_API_KEY: 'k' })).not.toThrow();
  });

  it('with requireApiKeys: false, a missing key fails the attempt as config and the lane falls back; the detail stays in the logs; a key set later is used', async () => {
    const logger = memoryLogger();
    upstream = await startOpenAIUpstream({ tokens: ['Keyed'] });
    const env: Record<string, string | undefined> = {};
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            { provider: 'openai', model: 'gpt-4o', apiKeyEnv: 'LATER_KEY', baseUrl: upstream.url, retry: false },
            sim('backup'),
          ],
        },
      },
      env,
      requireApiKeys: false,
      logger,
    });
    const all = await events(await handler(post(ask())));
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({
      reason: 'config',
      next: 'fallback',
      message: 'The model is not configured on this server.',
    });
    expect(JSON.stringify(all)).not.toContain('LATER_KEY');
    expect(JSON.stringify(logger.lines)).toContain('LATER_KEY');
    expect(ofType(all, 'settled')[0]?.model).toBe('backup');
    expect(upstream.requests).toHaveLength(0);

    env.LATER_KEY = 'sk-later';
    const later = await events(await handler(post(ask())));
    expect(ofType(later, 'settled')[0]?.model).toBe('gpt-4o');
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-later');
  });

  it('runs an OpenAI-compatible model from configuration over a real socket, key read on the server', async () => {
    upstream = await startOpenAIUpstream({ tokens: ['Hi', ' there'] });
    const handler = createCascadeHandler({
      chains: {
        c: { final: [{ provider: 'openai', model: 'gpt-test', baseUrl: upstream.url, apiKeyEnv: 'TEST_KEY' }] },
      },
      env: { TEST_KEY: 'sk-secret' },
      logger: memoryLogger(),
    });
    const all = await events(await handler(post(ask())));
    expect(ofType(all, 'lane-done')[0]).toMatchObject({ text: 'Hi there', model: 'gpt-test' });
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-secret');
    expect(JSON.stringify(all)).not.toContain('sk-secret');
  });

  it('falls back from an Anthropic upstream that answers 529 to an OpenAI-compatible one', async () => {
    upstream = await startAnthropicUpstream({ status: 529 });
    const openai = await startOpenAIUpstream({ tokens: ['Saved'] });
    try {
      const handler = createCascadeHandler({
        chains: {
          c: {
            final: [
              { provider: 'anthropic', model: 'claude-test', baseUrl: upstream.url, retry: false },
              { provider: 'openai', model: 'local', baseUrl: openai.url },
            ],
          },
        },
        env: { ANTHROPIC_API_KEY: 'k' },
        logger: memoryLogger(),
      });
      const all = await events(await handler(post(ask())));
      expect(ofType(all, 'attempt-failed')[0]).toMatchObject({ model: 'claude-test', status: 529, next: 'fallback' });
      expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'final', model: 'local' });
    } finally {
      await openai.close();
    }
  });
});
