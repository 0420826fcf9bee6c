import type { Clock } from '../clock.js';
import { anthropic } from '../providers/anthropic.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import type { UpstreamTransport } from '../providers/transport.js';
import type { Provider } from '../providers/types.js';
import { simulator } from '../simulator.js';
import { readApiKey } from './api-keys.js';
import type { ModelConfig } from './types.js';

/** What the provider factory needs besides the model's configuration. */
export interface ProviderFactoryContext {
  env: Record<string, string | undefined>;
  clock: Clock;
  /** `fetch` of the built-in HTTP providers (`openai`, `anthropic`). Default: the global one. */
  fetch?: typeof fetch;
  /** Their transport instead (`fetch` and `transport` are never both given). */
  transport?: UpstreamTransport;
}

/** The context's way upstream, as the providers' options take it. */
function upstreamPath(context: ProviderFactoryContext): { fetch?: typeof fetch; transport?: UpstreamTransport } {
  if (context.transport !== undefined) return { transport: context.transport };
  return context.fetch === undefined ? {} : { fetch: context.fetch };
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
        ...upstreamPath(context),
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
        ...upstreamPath(context),
        ...(config.malformedEvents === undefined ? {} : { malformedEvents: config.malformedEvents }),
      });
    }
  }
}
