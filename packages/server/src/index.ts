export { type Clock, systemClock } from './clock.js';
export { ConfigError, defineConfig, loadChainConfig, validateCascadeConfig } from './config/load.js';
export { apiKeyVariable, createProvider, type ProviderFactoryContext, readApiKey } from './config/provider-factory.js';
export type {
  AttemptHookEvent,
  BreakerConfig,
  CascadeConfig,
  ChainConfig,
  ChainsConfig,
  ConfidenceConfig,
  FailoverPolicy,
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
export { type GatewayContext, handleChatCompletions } from './gateway/chat-completions.js';
export { GatewayError, type OpenAIErrorType } from './gateway/openai-error.js';
export {
  type CascadeHandler,
  type CascadeHandlerOptions,
  createCascadeHandler,
  type HandlerContext,
  type HealthReport,
  type RouteHandler,
} from './handler.js';
export { HttpError, type HttpErrorCode, jsonError, jsonResponse } from './http/json-error.js';
export { DEFAULT_MAX_BODY_BYTES } from './http/request-body.js';
export { type Admission, BreakerRegistry, CircuitBreaker, DEFAULT_BREAKER } from './policies/breaker.js';
export { type BreakerRecord, type BreakerStore, memoryBreakerStore } from './policies/breaker-store.js';
export {
  classifyFailure,
  ERROR_CLASSES,
  type ErrorClass,
  type ErrorClassRule,
  type FailureAction,
  isRetryableStatus,
  renderErrorClassTable,
} from './policies/error-classes.js';
export { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from './policies/retry.js';
export { DEFAULT_LANE_DEADLINE_MS, DEFAULT_TIMEOUTS } from './policies/timeouts.js';
export { type AnthropicOptions, anthropic } from './providers/anthropic.js';
export { CONTINUE_INSTRUCTION, type OpenAICompatibleOptions, openaiCompatible } from './providers/openai-compatible.js';
export type { Provider, ProviderChunk, ProviderRequest } from './providers/types.js';
export { ProviderError } from './providers/types.js';
export { type SimulatorFailure, type SimulatorOptions, simulatedAnswer, simulator, splitTokens } from './simulator.js';
export { estimateMessageTokens, estimateTokens } from './tokens.js';
