import type { ModelConfig } from '@cascadekit/server';
import { describe, expect, it } from 'vitest';
import { lanesFromEnv, SCENARIOS } from './lanes';

const names = (models: ModelConfig[] | undefined) => (models ?? []).map((m) => m.model);

describe('demo lanes from the environment', () => {
  it('uses the simulator for both lanes when no key is set, with every scenario as a chain', () => {
    const lanes = lanesFromEnv({});
    expect(lanes.mode).toBe('simulator');
    expect(lanes.models).toEqual({ draft: ['sim-fast'], final: ['sim-large'] });
    expect(Object.keys(lanes.chains).sort()).toEqual([...SCENARIOS].sort());
    expect(names(lanes.chains.default?.draft)).toEqual(['sim-fast']);
    expect(names(lanes.chains['final-fallback']?.final)).toEqual(['sim-large-503', 'sim-large-b']);
  });

  it('uses OpenAI with the key read from the environment by name, never copied into the config', () => {
    const lanes = lanesFromEnv({ OPENAI_API_KEY: 'sk-test', CASCADE_FINAL_MODEL: 'gpt-4.1' });
    expect(lanes.mode).toBe('openai');
    expect(lanes.models).toEqual({ draft: ['gpt-4o-mini'], final: ['gpt-4.1'] });
    const final = lanes.chains.default?.final[0];
    expect(final).toMatchObject({ provider: 'openai', model: 'gpt-4.1', apiKeyEnv: 'OPENAI_API_KEY' });
    expect(JSON.stringify(lanes.chains)).not.toContain('sk-test');
    expect(Object.keys(lanes.chains)).toEqual(['default']);
  });

  it('treats a base URL without a key as a local server such as Ollama', () => {
    const lanes = lanesFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' });
    expect(lanes.mode).toBe('openai');
    expect(lanes.baseUrl).toBe('http://127.0.0.1:11434/v1');
    const draft = lanes.chains.default?.draft?.[0];
    expect(draft).toMatchObject({ provider: 'openai', model: 'llama3.2:1b', baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(draft).not.toHaveProperty('apiKeyEnv');
  });

  it('uses Anthropic when only its key is set', () => {
    const lanes = lanesFromEnv({ ANTHROPIC_API_KEY: 'k', CASCADE_DRAFT_MODEL: 'claude-haiku-4-5' });
    expect(lanes.mode).toBe('anthropic');
    expect(lanes.chains.default?.draft?.[0]).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
    });
  });

  it('lets CASCADE_PROVIDER force the simulator even with keys set', () => {
    expect(lanesFromEnv({ OPENAI_API_KEY: 'k', CASCADE_PROVIDER: 'simulator' }).mode).toBe('simulator');
  });

  it('rejects bad values with a message that names the variable', () => {
    expect(() => lanesFromEnv({ CASCADE_PROVIDER: 'gemini' })).toThrow(/CASCADE_PROVIDER/);
    expect(() => lanesFromEnv({ CASCADE_SIM_FINAL_TTFT_MS: 'soon' })).toThrow(/CASCADE_SIM_FINAL_TTFT_MS/);
  });
});
