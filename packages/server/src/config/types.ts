import type { AttemptReport, Lane, TurnSummary } from '@cascadekit/core';

export type { LimitsConfig } from './guard-schema.js';
// The configuration types are inferred from the schema that checks them, so a field is written
// once, typed and checked; each type and the TSDoc of its fields sit beside its schema. (Each is
// an interface extending the inferred type: a named type keeps its name and the field docs in
// hovers and in the emitted .d.ts.) Only types of values the server hands to user code are
// written out here.
export type {
  BreakerConfig,
  ConfidenceConfig,
  ModelConfig,
  PriceConfig,
  ProviderKind,
  RetryConfig,
  TimeoutsConfig,
} from './model-schema.js';
export type { CascadeConfig, ChainConfig, ChainsConfig, FailoverPolicy } from './schema.js';
export type { ValidatorConfig } from './validator-schema.js';

/** Context handed to a confidence scorer. */
export interface ScorerContext {
  lane: Lane;
  model: string;
  /** Mean token log-probability when the provider returned them. */
  meanLogprob?: number;
}

/** Where the server writes details that browsers must not see. */
export interface Logger {
  /** Routine events nobody needs to act on (e.g. a client that went away mid-upload). */
  debug?(message: string, details?: Record<string, unknown>): void;
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
