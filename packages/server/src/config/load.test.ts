import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { simulator } from '../simulator.js';
import { ConfigError, defineConfig, loadChainConfig } from './load.js';

const model = { provider: 'simulator', model: 'sim' };
const withFinal = (...final: unknown[]) => ({ chains: { support: { final } } });

function errorOf(value: unknown): string {
  try {
    loadChainConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadChainConfig', () => {
  it('loads a JSON file with named chains, lanes and per-model policies', () => {
    const json = JSON.stringify({
      defaultChain: 'support',
      basePath: '/api',
      maxBodyBytes: 65536,
      chains: {
        support: {
          draft: [{ provider: 'openai', model: 'llama3.2:1b', baseUrl: 'http://127.0.0.1:11434/v1' }],
          final: [
            {
              provider: 'openai',
              model: 'gpt-4o',
              apiKeyEnv: 'OPENAI_API_KEY',
              timeouts: { headersMs: 5000, firstTokenMs: 8000, idleMs: 4000 },
              retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 },
              breaker: {
                consecutiveFailures: 3,
                failureRate: 0.5,
                windowMs: 30000,
                minimumCalls: 10,
                cooldownMs: 15000,
              },
              price: { inputPerMTok: 2.5, outputPerMTok: 10 },
              validators: [{ type: 'json' }, { type: 'pattern', pattern: '^\\{', flags: 'u' }],
              confidence: { threshold: 0.4 },
            },
            { provider: 'anthropic', model: 'claude-sonnet-4-5', apiKeyEnv: 'ANTHROPIC_API_KEY', retry: false },
            { provider: 'simulator', model: 'sim', simulator: { seed: 3, failure: { kind: 'http', status: 503 } } },
          ],
          deadlineMs: 45000,
          retryBudgetMs: 5000,
          failover: 'continue',
          contextNotes: true,
        },
      },
    });
    const config = loadChainConfig(json);
    expect(config.chains.support?.final).toHaveLength(3);
    const env = { OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' };
    expect(() => createCascadeHandler({ ...config, env, logger: memoryLogger() })).not.toThrow();
  });

  it.each([
    [
      withFinal(model, { ...model, timeouts: { idleMs: 0 } }),
      'chains.support.final[1].timeouts.idleMs must be a positive integer',
    ],
    [
      withFinal({ ...model, timeouts: { idleMs: 1.5 } }),
      'chains.support.final[0].timeouts.idleMs must be a positive integer',
    ],
    [withFinal({ ...model, timeouts: { idle: 5 } }), 'chains.support.final[0].timeouts.idle is not a known option'],
    [withFinal({ ...model, provider: 'gpt' }), 'chains.support.final[0].provider must be one of'],
    [withFinal({ provider: 'openai' }), 'chains.support.final[0].model must be a non-empty string'],
    [withFinal({ ...model, baseUrl: 'ftp://x' }), 'chains.support.final[0].baseUrl must be an http(s) URL'],
    [
      withFinal({ ...model, apiKeyEnv: 'sk-123' }),
      'chains.support.final[0].apiKeyEnv must be the name of an environment variable',
    ],
    [
      withFinal({ ...model, retry: { attempts: 0 } }),
      'chains.support.final[0].retry.attempts must be a positive integer',
    ],
    [
      withFinal({ ...model, breaker: { failureRate: 1.5 } }),
      'chains.support.final[0].breaker.failureRate must be a number greater than 0 and at most 1',
    ],
    [withFinal({ ...model, price: { inputPerMTok: 1 } }), 'chains.support.final[0].price.outputPerMTok is required'],
    [
      withFinal({ ...model, validators: [{ type: 'xml' }] }),
      'chains.support.final[0].validators[0].type must be one of',
    ],
    [
      withFinal({ ...model, validators: [{ type: 'pattern', pattern: '(' }] }),
      'chains.support.final[0].validators[0].pattern must form a valid regular expression',
    ],
    [
      withFinal({ ...model, confidence: { threshold: 2 } }),
      'chains.support.final[0].confidence.threshold must be a number at least 0 and at most 1',
    ],
    [
      withFinal({ ...model, temperature: -1 }),
      'chains.support.final[0].temperature must be a number at least 0 and at most 2',
    ],
    [
      withFinal({ ...model, simulator: { failure: { kind: 'http', status: 200 } } }),
      'chains.support.final[0].simulator.failure.status must be an HTTP error status',
    ],
    [withFinal(), 'chains.support.final must be a non-empty array of models'],
    [
      { chains: { support: { draft: [], final: [model] } } },
      'chains.support.draft must be a non-empty array of models',
    ],
    [
      { chains: { support: { final: [model], failover: 'resume' } } },
      'chains.support.failover must be "restart" or "continue"',
    ],
    [
      { chains: { support: { final: [model], deadlineMs: -5 } } },
      'chains.support.deadlineMs must be a positive integer',
    ],
    [{ chains: { 'my chain': { final: [model], extra: 1 } } }, 'chains["my chain"].extra is not a known option'],
    [{ chains: {} }, 'chains must name at least one chain'],
    [{ ...withFinal(model), defaultChain: 'other' }, 'defaultChain must name a configured chain (support)'],
    [{ ...withFinal(model), basePath: 'api' }, 'basePath must be a path starting with "/"'],
    [{ ...withFinal(model), maxBodyBytes: '1mb' }, 'config.maxBodyBytes must be a positive integer'],
    [{ ...withFinal(model), logger: {} }, 'config.logger is not a known option'],
    ['{"chains": ', 'config must be valid JSON'],
  ])('names the path and the rule: %#', (value, message) => {
    expect(errorOf(value)).toContain(message);
  });

  it('exposes path and rule on the error', () => {
    try {
      loadChainConfig(withFinal(model, { ...model, timeouts: { idleMs: 0 } }));
    } catch (error) {
      expect(error).toMatchObject({
        path: 'chains.support.final[1].timeouts.idleMs',
        rule: 'must be a positive integer',
      });
    }
  });
});

describe('createCascadeHandler checks TypeScript configuration at start', () => {
  it('accepts Provider and Validator objects and functions, rejects bad values by path', () => {
    const config = defineConfig({
      chains: {
        support: {
          final: [
            {
              provider: simulator({ model: 'sim' }),
              model: 'sim',
              validators: [{ name: 'x', validate: () => ({ ok: true as const }) }],
              confidence: { threshold: 0.5, scorer: () => 1 },
            },
          ],
        },
      },
      logger: memoryLogger(),
    });
    expect(() => createCascadeHandler(config)).not.toThrow();
    expect(() =>
      createCascadeHandler({
        chains: { support: { final: [{ provider: 'simulator', model: 'sim', timeouts: { idleMs: 0 } }] } },
      }),
    ).toThrow('chains.support.final[0].timeouts.idleMs must be a positive integer');
  });
});

describe('one breaker per model', () => {
  it('refuses the same model with two breaker policies at start, naming both places', () => {
    const chains = {
      support: { final: [{ provider: 'simulator' as const, model: 'sim', breaker: { consecutiveFailures: 3 } }] },
      sales: {
        draft: [{ provider: 'simulator' as const, model: 'sim', breaker: { consecutiveFailures: 3 } }],
        final: [{ provider: 'simulator' as const, model: 'sim', breaker: { consecutiveFailures: 8 } }],
      },
    };
    expect(() => createCascadeHandler({ chains, logger: memoryLogger() })).toThrow(
      'chains.sales.final[0].breaker differs from chains.support.final[0].breaker, but both are model "sim"',
    );
  });

  it('accepts the same policy spelled out or left to defaults, a model without a breaker, and a renamed one', () => {
    const chains = {
      support: { final: [{ provider: 'simulator' as const, model: 'sim' }] },
      sales: {
        draft: [{ provider: 'simulator' as const, model: 'sim', breaker: { consecutiveFailures: 5 } }],
        final: [
          { provider: 'simulator' as const, model: 'sim', breaker: false as const },
          { provider: 'simulator' as const, model: 'sim', name: 'sim-strict', breaker: { consecutiveFailures: 1 } },
        ],
      },
    };
    expect(() => createCascadeHandler({ chains, logger: memoryLogger() })).not.toThrow();
  });
});
