import { describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { memoryBreakerStore } from '../policies/breaker-store.js';
import { simulator } from '../simulator.js';
import { ConfigError, loadChainConfig, validateCascadeConfig } from './load.js';
import type { CascadeConfig } from './types.js';

// What the schema checks beyond the former hand-written checks, and messages a schema library
// would word or order differently by default (load.test.ts covers the rest). Messages are
// compared whole.

const model = { provider: 'simulator', model: 'sim' };
const withModel = (extra: Record<string, unknown>) => ({ chains: { support: { final: [{ ...model, ...extra }] } } });
const withFailure = (failure: unknown) => withModel({ simulator: { failure } });

function messageOf(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return 'accepted';
}
const loadMessage = (value: unknown) => messageOf(() => loadChainConfig(value));
const startMessage = (config: Record<string, unknown>) =>
  messageOf(() => validateCascadeConfig({ ...withModel({}), ...config } as CascadeConfig));

const at = 'chains.support.final[0]';

describe('newly checked: values that were accepted and then ignored or misread', () => {
  it.each([
    [{ validators: [{ type: 'pattern', pattern: 'a', flags: 5 }] }, `${at}.validators[0].flags must be a string`],
    [{ simulator: { failure: { kind: 'cut' } } }, `${at}.simulator.failure.afterTokens must be a non-negative integer`],
    [
      { simulator: { failure: { kind: 'in-band-error', afterTokens: -1 } } },
      `${at}.simulator.failure.afterTokens must be a non-negative integer`,
    ],
    [
      { simulator: { failure: { kind: 'network', afterTokens: 1.5 } } },
      `${at}.simulator.failure.afterTokens must be a non-negative integer`,
    ],
    [
      { simulator: { failure: { kind: 'http', status: 600 } } },
      `${at}.simulator.failure.status must be an HTTP error status (400-599)`,
    ],
    [
      { simulator: { failure: { kind: 'http', status: 503, retryAfterMs: -1 } } },
      `${at}.simulator.failure.retryAfterMs must be a non-negative number`,
    ],
    [{ simulator: { failure: { kind: 'invalid', text: 5 } } }, `${at}.simulator.failure.text must be a string`],
    [
      { simulator: { failure: { kind: 'http', status: 503, afterTokens: 2 } } },
      `${at}.simulator.failure.afterTokens is not a known option (known: kind, status, retryAfterMs)`,
    ],
  ])('%# %j', (extra, message) => {
    expect(loadMessage(withModel(extra))).toBe(message);
  });

  it('accepts every documented failure', () => {
    for (const failure of [
      { kind: 'http', status: 429, retryAfterMs: 1000 },
      { kind: 'network' },
      { kind: 'network', afterTokens: 2 },
      { kind: 'cut', afterTokens: 0 },
      { kind: 'stall' },
      { kind: 'in-band-error', afterTokens: 3 },
      { kind: 'invalid', text: '{"broken": ' },
    ]) {
      expect(loadMessage(withFailure(failure))).toBe('accepted');
    }
  });

  it('refuses the chain names a schema record would skip unchecked', () => {
    expect(loadMessage('{"chains": {"__proto__": {"final": "none"}}}')).toBe(
      'chains.__proto__ is a reserved name (name the chain differently)',
    );
    expect(loadMessage({ chains: { constructor: { final: [model] } } })).toBe(
      'chains.constructor is a reserved name (name the chain differently)',
    );
  });

  it('a hole in a TypeScript array of models is a missing model', () => {
    const final: unknown[] = [model];
    final[2] = model;
    expect(loadMessage({ chains: { support: { final } } })).toBe('chains.support.final[1] must be an object');
  });
});

describe('the rescue and failure options', () => {
  const withChain = (extra: Record<string, unknown>) => ({ chains: { support: { final: [model], ...extra } } });
  it.each([
    [withModel({ prefill: 'yes' }), `${at}.prefill must be a boolean`],
    [withModel({ contextWindow: 0 }), `${at}.contextWindow must be a positive integer`],
    [withModel({ malformedEvents: 'ignore' }), `${at}.malformedEvents must be "fail" or "skip"`],
    [
      withModel({ malformedEvents: 'skip' }),
      `${at}.malformedEvents applies to provider "openai" or "anthropic" only (give a Provider object its own \`malformedEvents\` option)`,
    ],
    [withModel({ retry: { onTimeout: 'yes' } }), `${at}.retry.onTimeout must be a boolean`],
    [withChain({ failover: 'splice' }), 'chains.support.failover must be "restart" or "continue"'],
    [withChain({ holdBack: {} }), 'chains.support.holdBack must give `tokens` or `ms` (or both)'],
    [withChain({ holdBack: { tokens: 0 } }), 'chains.support.holdBack.tokens must be a positive integer'],
    [withChain({ holdBack: { token: 3 } }), 'chains.support.holdBack.token is not a known option (known: tokens, ms)'],
    [withChain({ attemptBudgetMs: 1.5 }), 'chains.support.attemptBudgetMs must be a positive integer'],
    [withChain({ failoverOnContentFilter: 'no' }), 'chains.support.failoverOnContentFilter must be a boolean'],
  ])('%# %j', (value, message) => {
    expect(loadMessage(value)).toBe(message);
  });

  it('accepts them', () => {
    const value = {
      chains: {
        support: {
          final: [
            { provider: 'openai', model: 'gpt', prefill: true, contextWindow: 128_000, malformedEvents: 'skip' },
            { provider: 'anthropic', model: 'claude', malformedEvents: 'fail', retry: { onTimeout: true } },
          ],
          failover: 'continue',
          holdBack: { tokens: 8, ms: 400 },
          attemptBudgetMs: 20_000,
          failoverOnContentFilter: true,
        },
      },
    };
    expect(loadMessage(value)).toBe('accepted');
  });
});

describe('newly checked: the TypeScript-only values of createCascadeHandler', () => {
  it.each([
    [{ logger: { warn() {} } }, 'config.logger must be a Logger (an object with warn and error methods)'],
    [{ onAttempt: 'log' }, 'config.onAttempt must be a function'],
    [{ onSettled: {} }, 'config.onSettled must be a function'],
    [{ env: 'production' }, 'config.env must be an object'],
    [{ clock: { now: () => 0 } }, 'config.clock must be a Clock (an object with now and sleep methods)'],
    [{ random: 0.5 }, 'config.random must be a function'],
    [{ breakerStore: new Map() }, 'config.breakerStore must be a BreakerStore (an object with get and update methods)'],
    [{ fetch: 'https://example.com' }, 'config.fetch must be a function'],
    [{ transport: fetch }, 'config.transport must be an UpstreamTransport (an object with a request method)'],
  ])('%# %s', (config, message) => {
    expect(startMessage(config)).toBe(message);
  });

  it('accepts the real things', () => {
    const config = {
      logger: console,
      onAttempt: () => {},
      onSettled: () => {},
      env: process.env,
      clock: systemClock,
      random: Math.random,
      breakerStore: memoryBreakerStore(),
      fetch: globalThis.fetch,
    };
    expect(startMessage(config)).toBe('accepted');
  });
});

describe('messages kept from the hand-written checks', () => {
  it.each([
    // A misspelt key is named as unknown before the key it should have been is missed.
    [
      { chains: { support: { final: [{ provder: 'openai', model: 'gpt' }] } } },
      `${at}.provder is not a known option (known: provider, model, name, baseUrl, apiKeyEnv, timeouts, retry, breaker, price, validators, confidence, maxTokens, temperature, simulator, prefill, contextWindow, malformedEvents)`,
    ],
    [
      withModel({ validators: [{ type: 'pattern', patern: 'a' }] }),
      `${at}.validators[0].patern is not a known option (known: type, pattern, flags, message)`,
    ],
    [withModel({ provider: undefined }), `${at}.provider is required`],
    [withModel({ price: { outputPerMTok: 1 } }), `${at}.price.inputPerMTok is required`],
    [withModel({ confidence: {} }), `${at}.confidence.threshold is required`],
    [withModel({ retry: true }), `${at}.retry must be an object`],
    [withModel({ timeouts: [] }), `${at}.timeouts must be an object`],
    [
      withModel({ validators: [{ validate: 'yes' }] }),
      `${at}.validators[0] must be a Validator or { "type": "non-empty" | "json" | "pattern" }`,
    ],
    [
      withModel({ validators: [{ type: 'json', pattern: 'a' }] }),
      `${at}.validators[0].pattern is not a known option (known: type)`,
    ],
    [
      withModel({ validators: [{ type: 'pattern', pattern: 'a', flags: 'q' }] }),
      `${at}.validators[0].flags must form a valid regular expression`,
    ],
    [
      withFailure('http'),
      `${at}.simulator.failure.kind must be one of "http", "network", "cut", "stall", "in-band-error", "invalid"`,
    ],
    [withFailure({ kind: 'http' }), `${at}.simulator.failure.status must be an HTTP error status (400-599)`],
    [withModel({ simulator: { text: 3 } }), `${at}.simulator.text must be a string`],
    [{ chains: [] }, 'chains must be an object'],
    [[], 'config must be an object'],
    [{ ...withModel({}), defaultChain: 3 }, 'defaultChain must name a configured chain (support)'],
  ])('%# %j', (value, message) => {
    expect(loadMessage(value)).toBe(message);
  });

  it('accepts retry and breaker turned off, explicit undefined, and TypeScript values in a loaded object', () => {
    const value = withModel({
      provider: simulator({ model: 'sim' }),
      retry: false,
      breaker: false,
      name: undefined,
      validators: [{ name: 'any', validate: () => ({ ok: true as const }), extra: 1 }],
      simulator: { text: () => 'hi' },
    });
    expect(loadMessage(value)).toBe('accepted');
  });

  it('returns the value it was given, not a copy', () => {
    const value = withModel({});
    expect(loadChainConfig(value)).toBe(value);
  });
});
