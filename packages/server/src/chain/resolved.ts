import type { Lane, Validator } from '@cascadekit/core';
import type { Clock } from '../clock.js';
import type {
  AttemptHookEvent,
  ConfidenceConfig,
  FailoverPolicy,
  HoldBackConfig,
  Logger,
  ModelConfig,
  PriceConfig,
  RetryConfig,
  SettledHookEvent,
  TimeoutsConfig,
} from '../config/types.js';
import type { CircuitBreaker } from '../policies/breaker.js';
import type { Provider } from '../providers/types.js';

/** A model of a lane with its policies resolved (defaults filled in, validators built). */
export interface ResolvedModel {
  /** Shown to clients; the breaker key. */
  name: string;
  /** Provider kind for `attempt-start`. */
  kind: string;
  config: ModelConfig;
  /** The model continues a prefill (`ModelConfig.prefill`, or its provider kind's default). */
  prefill: boolean;
  /** Creates (or returns the cached) provider; throws `ProviderError('config')` when it cannot. */
  provider: () => Provider;
  timeouts: Required<TimeoutsConfig>;
  retry: Required<RetryConfig>;
  validators: Validator[];
  confidence?: ConfidenceConfig;
  price?: PriceConfig;
  breaker?: CircuitBreaker;
}

/** A chain ready to run. */
export interface ResolvedChain {
  name: string;
  lanes: Partial<Record<Lane, ResolvedModel[]>>;
  deadlineMs: number;
  retryBudgetMs: number;
  failover: FailoverPolicy;
  contextNotes: boolean;
  holdBack?: HoldBackConfig;
  /** Longest wait for an attempt's first token; default: a share of the lane's time left. */
  attemptBudgetMs?: number;
  failoverOnContentFilter: boolean;
}

/** What every turn of a handler shares. */
export interface Runtime {
  clock: Clock;
  random: () => number;
  logger: Logger;
  onAttempt?: ((event: AttemptHookEvent) => void) | undefined;
  onSettled?: ((event: SettledHookEvent) => void) | undefined;
  /** Output a turn may hold for its reader (`maxBufferedBytes`); default in `turn-events`. */
  maxBufferedBytes?: number | undefined;
  /** How long a reader may leave a turn's output full (`slowClientMs`). */
  slowClientMs?: number | undefined;
}

/** Calls a user hook; a throwing hook is logged and never disturbs the turn. */
export function callHook<T>(logger: Logger, name: string, hook: ((arg: T) => void) | undefined, arg: T): void {
  if (!hook) return;
  try {
    hook(arg);
  } catch (error) {
    logger.error(`cascadekit: the ${name} hook threw`, { error: String(error) });
  }
}
