export {
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_SLOW_CLIENT_MS,
  SlowClientError,
  type TurnEvents,
} from './chain/turn-events.js';
export { type Clock, systemClock } from './clock.js';
export { ConfigError, defineConfig, loadChainConfig, validateCascadeConfig } from './config/load.js';
export type {
  AttemptHookEvent,
  BreakerConfig,
  CascadeConfig,
  ChainConfig,
  ChainsConfig,
  ConfidenceConfig,
  FailoverPolicy,
  HoldBackConfig,
  LimitsConfig,
  Logger,
  ModelConfig,
  PriceConfig,
  ProviderKind,
  RetryConfig,
  ScorerContext,
  SettledHookEvent,
  TimeoutsConfig,
  ValidatorConfig,
} from './config/types.js';
export type { Authorize, Principal, RouteGuard } from './guard/guard.js';
export { type LimitStore, type MaybePromise, memoryLimitStore } from './guard/limit-store.js';
export type { WindowLimit } from './guard/sliding-window.js';
export {
  type CascadeHandler,
  type CascadeHandlerOptions,
  createCascadeHandler,
  type HandlerContext,
  type HealthReport,
  type Route,
  type RouteHandler,
  type TurnOptions,
} from './handler.js';
export { HttpError, type HttpErrorCode } from './http/json-error.js';
export { DEFAULT_MAX_BODY_BYTES } from './http/request-body.js';
export { DEFAULT_BREAKER } from './policies/breaker.js';
export { type BreakerRecord, type BreakerStore, memoryBreakerStore } from './policies/breaker-store.js';
export { ERROR_CLASSES, type ErrorClass, type ErrorClassRule, type FailureAction } from './policies/error-classes.js';
export { DEFAULT_RETRY } from './policies/retry.js';
export { DEFAULT_LANE_DEADLINE_MS, DEFAULT_TIMEOUTS } from './policies/timeouts.js';
export { type AnthropicOptions, anthropic } from './providers/anthropic.js';
export type { ByteSource } from './providers/byte-source.js';
export { type OpenAICompatibleOptions, openaiCompatible } from './providers/openai-compatible.js';
export type { MalformedEventPolicy } from './providers/sse-upstream.js';
export {
  fetchTransport,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamTransport,
} from './providers/transport.js';
export type {
  Provider,
  ProviderChunk,
  ProviderErrorOptions,
  ProviderRequest,
  UpstreamErrorCode,
} from './providers/types.js';
export { ProviderError } from './providers/types.js';
export { type SimulatorFailure, type SimulatorOptions, simulatedAnswer, simulator } from './simulator.js';
export type {
  Telemetry,
  TelemetryBreaker,
  TelemetryModel,
  TelemetrySource,
  TurnEnd,
  TurnEndCause,
  TurnStart,
  TurnWatcher,
} from './telemetry/types.js';
