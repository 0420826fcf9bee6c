import type { AttemptReport, Lane, TurnSummary, Validator } from '@cascadekit/core';
import type { Clock } from '../clock.js';
import type { BreakerStore } from '../policies/breaker-store.js';
import type { Provider } from '../providers/types.js';
import type { SimulatorOptions } from '../simulator.js';

/** Built-in provider kinds that configuration (and JSON) can name. */
export type ProviderKind = 'openai' | 'anthropic' | 'simulator';

/** Per-attempt deadlines, each a trigger that moves the lane on (see the error-class table). */
export interface TimeoutsConfig {
  /** From request start to response headers. Default 10 000. */
  headersMs?: number;
  /** From headers to the first text token. Default 15 000. */
  firstTokenMs?: number;
  /** Longest gap between two chunks once text flows. Default 10 000. */
  idleMs?: number;
}

/** Retry of one model, before the lane falls back to the next one. */
export interface RetryConfig {
  /** Tries in total, the first included. 1 disables retry. Default 2. */
  attempts?: number;
  /** Base of the exponential backoff, ms. Default 250. */
  baseDelayMs?: number;
  /** Cap of one delay (full jitter draws from [0, min(cap, base·2^n)]), ms. Default 4 000. */
  maxDelayMs?: number;
}

/** Circuit breaker of one model, shared by every turn in the process. */
export interface BreakerConfig {
  /** Opens after this many consecutive failures. Default 5. */
  consecutiveFailures?: number;
  /** Opens when the failure rate in the window reaches this (0..1]. Default 0.5. */
  failureRate?: number;
  /** Rolling window of the failure rate, ms. Default 60 000. */
  windowMs?: number;
  /** Calls in the window before the rate can trip the breaker. Default 10. */
  minimumCalls?: number;
  /** Open time before one half-open probe is admitted, ms. Default 30 000. */
  cooldownMs?: number;
}

/** Price in US dollars per million tokens. */
export interface PriceConfig {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** A validator: a core `Validator` object (TypeScript only) or a JSON-safe spec. */
export type ValidatorConfig =
  | Validator
  | { type: 'non-empty' }
  | { type: 'json' }
  | { type: 'pattern'; pattern: string; flags?: string; message?: string };

/** Context handed to a confidence scorer. */
export interface ScorerContext {
  lane: Lane;
  model: string;
  /** Mean token log-probability when the provider returned them. */
  meanLogprob?: number;
}

/** Low-confidence trigger: an answer scoring below `threshold` (0..1) moves the lane on. */
export interface ConfidenceConfig {
  threshold: number;
  /**
   * Scores the complete text when the provider returned no log-probabilities (TypeScript only).
   * Without logprobs and without a scorer the trigger does not fire.
   */
  scorer?: (text: string, context: ScorerContext) => number | Promise<number>;
}

/** One model of a lane's chain. */
export interface ModelConfig {
  /** A built-in provider kind, or any {@link Provider} object (TypeScript only). */
  provider: ProviderKind | Provider;
  /** Provider-side model id. */
  model: string;
  /** Name shown to clients and used as the breaker key. Default: `model`. */
  name?: string;
  /** Base URL of the upstream API (OpenAI-compatible servers, proxies). */
  baseUrl?: string;
  /** Name of the environment variable holding the API key; read on the server only. */
  apiKeyEnv?: string;
  timeouts?: TimeoutsConfig;
  /** Retry policy, or `false` for a single try. */
  retry?: RetryConfig | false;
  /** Breaker policy, or `false` for none. */
  breaker?: BreakerConfig | false;
  price?: PriceConfig;
  /** Validators of the complete output, run in order. Default: non-empty. */
  validators?: ValidatorConfig[];
  confidence?: ConfidenceConfig;
  maxTokens?: number;
  temperature?: number;
  /** Options of the simulator when `provider` is `simulator`. */
  simulator?: Omit<SimulatorOptions, 'model' | 'clock'>;
}

/** How a lane hands over after a failure in mid-stream. */
export type FailoverPolicy = 'restart' | 'continue';

/** A named chain: a draft lane and a final lane. A plain fallback chain has only `final`. */
export interface ChainConfig {
  draft?: ModelConfig[];
  final: ModelConfig[];
  /** Total deadline of each lane, ms. Default 60 000. */
  deadlineMs?: number;
  /** Most time the turn may spend waiting between retries, summed over its lanes, ms. Default 10 000. */
  retryBudgetMs?: number;
  /** `restart` (default): emit `reset`, next model starts fresh. `continue`: next model continues the text. */
  failover?: FailoverPolicy;
  /** Tell the next model why the previous one failed (e.g. the validator's message). Default true. */
  contextNotes?: boolean;
}

/** Where the server writes details that browsers must not see. */
export interface Logger {
  info?(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Argument of the `onAttempt` hook. */
export interface AttemptHookEvent {
  turnId: string;
  chain: string;
  report: AttemptReport;
}

/** Argument of the `onSettled` hook. */
export interface SettledHookEvent {
  turnId: string;
  chain: string;
  winner: Lane | null;
  model?: string;
  summary: TurnSummary;
}

/** The part of the configuration that JSON can carry (see `loadChainConfig`). */
export interface ChainsConfig {
  chains: Record<string, ChainConfig>;
  /** Chain used when a request names none. Default: the first chain. */
  defaultChain?: string;
  /** Prefix of the routes. Default `/api`. */
  basePath?: string;
  /** Largest accepted request body, bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** Everything `createCascadeHandler` accepts. */
export interface CascadeConfig extends ChainsConfig {
  /** Details of failures go here; browsers get generic text. Default: `console` (warn and error). */
  logger?: Logger;
  /** Called after every attempt (success, failure or skip). Errors thrown here are logged and ignored. */
  onAttempt?: (event: AttemptHookEvent) => void;
  /** Called once per turn with the summary. Errors thrown here are logged and ignored. */
  onSettled?: (event: SettledHookEvent) => void;
  /** Where `apiKeyEnv` names are looked up. Default `process.env` where it exists. */
  env?: Record<string, string | undefined>;
  /** Time source of timeouts, backoff and the breaker. Default the system clock. */
  clock?: Clock;
  /** Random source of backoff jitter, [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Where breaker state lives; share one store between instances to share breakers. Default: this process. */
  breakerStore?: BreakerStore;
  /**
   * `fetch` of the built-in HTTP providers (`openai`, `anthropic`); `Provider` objects bring their
   * own. Default: the global `fetch`. On Node, `nodeFetch` from `@cascadekit/server/node` is cheaper.
   */
  fetch?: typeof fetch;
}
