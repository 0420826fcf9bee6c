import type { ChainConfig, ModelConfig, Provider } from '@cascadekit/server';
import { simulator } from '@cascadekit/server';

/** Which backend serves the demo's lanes. */
export type DemoMode = 'simulator' | 'openai' | 'anthropic';

/** What the demo serves, as the page header shows it. */
export interface DemoLanes {
  mode: DemoMode;
  /** Chains by name. `default` always exists; simulator scenarios add more. */
  chains: Record<string, ChainConfig>;
  /** Model ids per lane of the default chain, in fallback order. */
  models: { draft: string[]; final: string[] };
  /** Base URL of the upstream API, when one was configured. */
  baseUrl?: string;
}

/** Simulator scenarios a request can pick with `?scenario=` (simulator mode only). */
export const SCENARIOS = [
  'default',
  'final-fails',
  'final-fallback',
  'final-cut',
  'all-fail',
  'slow-final',
  'slow-draft',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** True when `value` names a simulator scenario. */
export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

type Env = Record<string, string | undefined>;

/** Wraps each simulated provider, e.g. to count live streams in e2e tests. */
export type ProviderWrapper = (provider: Provider) => Provider;

function numberFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number of milliseconds or tokens, got "${raw}".`);
  }
  return value;
}

/**
 * The demo's lanes from environment variables: no keys → the simulator for both lanes;
 * `OPENAI_API_KEY` or `OPENAI_BASE_URL` → an OpenAI-compatible upstream (OpenAI, Ollama, vLLM …);
 * `ANTHROPIC_API_KEY` (+ `ANTHROPIC_BASE_URL`) → Anthropic. `CASCADE_DRAFT_MODEL` / `CASCADE_FINAL_MODEL`
 * pick the models.
 */
export function lanesFromEnv(env: Env, wrap: ProviderWrapper = (p) => p): DemoLanes {
  const draftModel = env.CASCADE_DRAFT_MODEL || undefined;
  const finalModel = env.CASCADE_FINAL_MODEL || undefined;
  const forced = env.CASCADE_PROVIDER;
  if (forced && forced !== 'openai' && forced !== 'anthropic' && forced !== 'simulator') {
    throw new Error(`CASCADE_PROVIDER must be openai, anthropic or simulator, got "${forced}".`);
  }
  const openai = forced === 'openai' || (!forced && Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL));
  const claude = forced === 'anthropic' || (!forced && !openai && Boolean(env.ANTHROPIC_API_KEY));

  if (openai) {
    const baseUrl = env.OPENAI_BASE_URL || undefined;
    // A custom base URL without a key is most likely a local server such as Ollama.
    const local = baseUrl !== undefined && !env.OPENAI_API_KEY;
    const draft = draftModel ?? (local ? 'llama3.2:1b' : 'gpt-4o-mini');
    const final = finalModel ?? (local ? 'llama3.2' : 'gpt-4o');
    const model = (id: string): ModelConfig => ({
      provider: 'openai',
      model: id,
      ...(baseUrl ? { baseUrl } : {}),
      ...(env.OPENAI_API_KEY ? { apiKeyEnv: 'OPENAI_API_KEY' } : {}),
    });
    return {
      mode: 'openai',
      chains: { default: { draft: [model(draft)], final: [model(final)] } },
      models: { draft: [draft], final: [final] },
      ...(baseUrl ? { baseUrl } : {}),
    };
  }
  if (claude) {
    const draft = draftModel ?? 'claude-haiku-4-5';
    const final = finalModel ?? 'claude-sonnet-4-5';
    const baseUrl = env.ANTHROPIC_BASE_URL || undefined;
    const model = (id: string): ModelConfig => ({
      provider: 'anthropic',
      model: id,
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      ...(baseUrl ? { baseUrl } : {}),
    });
    return {
      mode: 'anthropic',
      chains: { default: { draft: [model(draft)], final: [model(final)] } },
      models: { draft: [draft], final: [final] },
      ...(baseUrl ? { baseUrl } : {}),
    };
  }
  return simulatorLanes(env, wrap);
}

function simulatorLanes(env: Env, wrap: ProviderWrapper): DemoLanes {
  const draftTtft = numberFromEnv(env, 'CASCADE_SIM_DRAFT_TTFT_MS', 150);
  const finalTtft = numberFromEnv(env, 'CASCADE_SIM_FINAL_TTFT_MS', 1200);
  const draftRate = numberFromEnv(env, 'CASCADE_SIM_DRAFT_TPS', 60);
  const finalRate = numberFromEnv(env, 'CASCADE_SIM_FINAL_TPS', 40);

  type SimOptions = Parameters<typeof simulator>[0];
  const sim = (options: SimOptions & { model: string }): ModelConfig => ({
    provider: wrap(simulator(options)),
    model: options.model,
    // Scenarios fail on purpose; a retry would only slow the demo down.
    retry: false,
  });
  const draft = (extra: Partial<SimOptions> = {}, model = 'sim-fast') =>
    sim({ model, seed: 1, ttftMs: draftTtft, tokensPerSecond: draftRate, ...extra });
  const final = (extra: Partial<SimOptions> = {}, model = 'sim-large') =>
    sim({ model, seed: 2, ttftMs: finalTtft, tokensPerSecond: finalRate, sentences: 4, ...extra });

  // Each failing model has its own name so its circuit breaker never trips the healthy default.
  const chains: Record<Scenario, ChainConfig> = {
    default: { draft: [draft()], final: [final()] },
    'final-fails': { draft: [draft()], final: [final({ failure: { kind: 'http', status: 503 } }, 'sim-large-503')] },
    'final-fallback': {
      draft: [draft()],
      final: [final({ failure: { kind: 'http', status: 503 } }, 'sim-large-503'), final({ seed: 3 }, 'sim-large-b')],
    },
    'final-cut': { draft: [draft()], final: [final({ failure: { kind: 'cut', afterTokens: 6 } }, 'sim-large-cut')] },
    'all-fail': {
      draft: [draft({ failure: { kind: 'http', status: 500 } }, 'sim-fast-500')],
      final: [final({ failure: { kind: 'http', status: 503 } }, 'sim-large-503')],
    },
    'slow-final': { draft: [draft()], final: [final({ ttftMs: Math.max(finalTtft, 5000) }, 'sim-large-slow')] },
    // The quick model is the slow one here: the larger model's answer can land while the draft still streams.
    'slow-draft': { draft: [draft({ tokensPerSecond: Math.min(draftRate, 6) }, 'sim-fast-slow')], final: [final()] },
  };
  return { mode: 'simulator', chains, models: { draft: ['sim-fast'], final: ['sim-large'] } };
}
