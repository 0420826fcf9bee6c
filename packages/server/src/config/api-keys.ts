import { ProviderError } from '../providers/types.js';
import { ConfigError } from './config-error.js';
import type { ChainConfig, ModelConfig } from './types.js';

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

const isSet = (key: string | undefined): key is string => key !== undefined && key !== '';

/** Reads the model's API key from the environment; `undefined` when the model needs none. */
export function readApiKey(config: ModelConfig, env: Record<string, string | undefined>): string | undefined {
  const variable = apiKeyVariable(config);
  if (variable === undefined) return undefined;
  const key = env[variable];
  if (!isSet(key)) throw new ProviderError('config', `The environment variable ${variable} is not set.`);
  return key;
}

/**
 * At start: every built-in HTTP model of every chain has its API key in `env`. The first one
 * that has not is a {@link ConfigError} naming the model, the variable and the opt-out
 * (`requireApiKeys: false`, for keys set after start).
 */
export function checkApiKeys(chains: Record<string, ChainConfig>, env: Record<string, string | undefined>): void {
  for (const [name, chain] of Object.entries(chains)) {
    for (const lane of ['draft', 'final'] as const) {
      (chain[lane] ?? []).forEach((model, i) => {
        const variable = apiKeyVariable(model);
        if (variable === undefined || isSet(env[variable])) return;
        throw new ConfigError(
          `chains.${name}.${lane}[${i}]`,
          `(${model.provider} model ${model.model}) needs an API key, and the environment variable ${variable} ` +
            'is not set. Set it, name another variable with apiKeyEnv, or give requireApiKeys: false when keys ' +
            'are set after start (a model without its key then fails its attempts as "config" and its lane falls back).',
        );
      });
    }
  }
}
