export { type Clock, systemClock } from './clock';
export { ConfigError, defineConfig, loadChainConfig, validateCascadeConfig } from './config/load';
export { apiKeyVariable, createProvider, type ProviderFactoryContext, readApiKey } from './config/provider-factory';
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
} from './config/types';
export { type GatewayContext, handleChatCompletions } from './gateway/chat-completions';
export { GatewayError, type OpenAIErrorType } from './gateway/openai-error';
export {
  type CascadeHandler,
  type CascadeHandlerOptions,
  createCascadeHandler,
  type HandlerContext,
  type HealthReport,
  type RouteHandler,
} from './handler';
export { HttpError, type HttpErrorCode, jsonError, jsonResponse } from './http/json-error';
export { DEFAULT_MAX_BODY_BYTES } from './http/request-body';
export { type Admission, BreakerRegistry, CircuitBreaker, DEFAULT_BREAKER } from './policies/breaker';
export { type BreakerRecord, type BreakerStore, memoryBreakerStore } from './policies/breaker-store';
export {
  classifyFailure,
  ERROR_CLASSES,
  type ErrorClass,
  type ErrorClassRule,
  type FailureAction,
  isRetryableStatus,
  renderErrorClassTable,
} from './policies/error-classes';
export { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from './policies/retry';
export { DEFAULT_LANE_DEADLINE_MS, DEFAULT_TIMEOUTS } from './policies/timeouts';
export { type AnthropicOptions, anthropic } from './providers/anthropic';
export { CONTINUE_INSTRUCTION, type OpenAICompatibleOptions, openaiCompatible } from './providers/openai-compatible';
export type { Provider, ProviderChunk, ProviderRequest } from './providers/types';
export { ProviderError } from './providers/types';
export { type SimulatorFailure, type SimulatorOptions, simulatedAnswer, simulator, splitTokens } from './simulator';
export { estimateMessageTokens, estimateTokens } from './tokens';
