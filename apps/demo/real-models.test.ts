import { createCascadeHandler } from '@cascadekit/server';
import { type FakeUpstream, startAnthropicUpstream, startOpenAIUpstream } from '@cascadekit/server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { lanesFromEnv } from './lanes';

// The demo's real-model path, against local upstreams that speak the real streaming formats.
const upstreams: FakeUpstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((u) => u.close()));
});

async function turn(env: Record<string, string>): Promise<string> {
  const lanes = lanesFromEnv(env);
  const handler = createCascadeHandler({
    chains: { default: lanes.chains.default! },
    env,
    logger: { warn: () => {}, error: () => {} },
  });
  const response = await handler(
    new Request('http://127.0.0.1/api/cascade', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
    }),
  );
  expect(response.status).toBe(200);
  return response.text();
}

const modelsAsked = (upstream: FakeUpstream) =>
  upstream.requests.map((r) => (r.body as { model: string }).model).sort();

describe('the demo with real models', () => {
  it('talks to a keyless OpenAI-compatible server (Ollama) with the chosen models', async () => {
    const upstream = await startOpenAIUpstream({ tokens: ['Bonjour', ' le', ' monde'] });
    upstreams.push(upstream);
    const sse = await turn({
      OPENAI_BASE_URL: upstream.url,
      CASCADE_DRAFT_MODEL: 'qwen2.5:0.5b',
      CASCADE_FINAL_MODEL: 'qwen2.5:7b',
    });
    expect(sse).toContain('"type":"settled","winner":"final"');
    expect(sse).toMatch(/"type":"lane-done","lane":"final","model":"qwen2.5:7b","text":"Bonjour le monde"/);
    expect(modelsAsked(upstream)).toEqual(['qwen2.5:0.5b', 'qwen2.5:7b']);
    for (const request of upstream.requests) expect(request.headers.authorization).toBeUndefined();
  });

  it('sends the OpenAI key from the environment as a bearer token', async () => {
    const upstream = await startOpenAIUpstream();
    upstreams.push(upstream);
    const sse = await turn({ OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'sk-demo-test' });
    expect(sse).toContain('"winner":"final"');
    expect(modelsAsked(upstream)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    for (const request of upstream.requests) expect(request.headers.authorization).toBe('Bearer sk-demo-test');
    expect(sse).not.toContain('sk-demo-test');
  });

  it('talks to Anthropic with the key in x-api-key', async () => {
    const upstream = await startAnthropicUpstream();
    upstreams.push(upstream);
    const sse = await turn({ ANTHROPIC_API_KEY: 'ak-demo-test', ANTHROPIC_BASE_URL: upstream.url });
    expect(sse).toContain('"winner":"final"');
    expect(modelsAsked(upstream)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5']);
    for (const request of upstream.requests) expect(request.headers['x-api-key']).toBe('ak-demo-test');
  });
});
