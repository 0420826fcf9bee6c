import type { Clock } from '../clock.js';
import { anthropic } from '../providers/anthropic.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { type Provider, ProviderError } from '../providers/types.js';
import { simulator } from '../simulator.js';
import type { ModelConfig } from './types.js';

/** What the provider factory needs besides the model's configuration. */
export interface ProviderFactoryContext {
  env: Record<string, string | undefined>;
  clock: Clock;
  /** `fetch` of the built-in HTTP providers (`openai`, `anthropic`). Default: the global one. */
  fetch?: typeof fetch;
}

/**
 * The environment variable holding a model's key: `apiKeyEnv` when set; else `OPENAI_API_KEY`
 * for `openai` without a `baseUrl` (local servers need no key) and `ANTHROPIC_API_KEY` for `anthropic`.
 */
export function apiKeyVariable(config: ModelConfig): string | undefined {
  if (config.apiKeyEnv !== undefined) return config.apiKeyEnv;
  if (config.provider === 'openai' && config.baseUrl === undefined) return 'OPENAI_API_KEY';
  if (config.provider === 'anthropic') return 'ANTHROPIC_API_KEY';
  return undefined;
}

/** Reads the model's API key from the environment; `undefined` when the model needs none. */
export function readApiKey(config: ModelConfig, env: Record<string, string | undefined>): string | undefined {
  const variable = apiKeyVariable(config);
  if (variable === undefined) return undefined;
  const key = env[variable];
  if (key === undefined || key === '') {
    throw new ProviderError('config', `The environment variable ${variable} is not set.`);
  }
  return key;
}

/**
 * Builds the provider of a model from its configuration. A `Provider` object is used as is;
 * `simulator` builds the simulator; `openai` and `anthropic` build the real HTTP providers.
 * Throws `ProviderError('config')` when it cannot (missing key, provider unavailable): the
 * lane then falls back to its next model and the detail goes to the logs.
 */
export function createProvider(config: ModelConfig, context: ProviderFactoryContext): Provider {
  const provider = config.provider;
  if (typeof provider === 'object') return provider;
  switch (provider) {
    case 'simulator':
      return simulator({ ...config.simulator, model: config.model, clock: context.clock });
    case 'openai': {
      const apiKey = readApiKey(config, context.env);
      return openaiCompatible({
        model: config.model,
        ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
        ...(config.malformedEvents === undefined ? {} : { malformedEvents: config.malformedEvents }),
      });
    }
    case 'anthropic': {
      const apiKey = readApiKey(config, context.env);
      return anthropic({
        model: config.model,
        ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens }),
        ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
        ...(config.malformedEvents === undefined ? {} : { malformedEvents: config.malformedEvents }),
      });
    }
  }
}
