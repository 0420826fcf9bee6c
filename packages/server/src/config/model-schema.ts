import * as v from 'valibot';
import type { Provider } from '../providers/types.js';
import {
  isFunction,
  isPlainObject,
  keyRule,
  nonEmptyString,
  nonNegativeInteger,
  nonNegativeNumber,
  numberInRange,
  options,
  orFalse,
  positiveInteger,
  requiredOr,
} from './rules.js';
import { simulatorSchema } from './simulator-schema.js';
import type { ScorerContext } from './types.js';
import { validatorSchema } from './validator-schema.js';

const providerKindSchema = v.picklist(['openai', 'anthropic', 'simulator']);

/** Built-in provider kinds that configuration (and JSON) can name. */
export type ProviderKind = v.InferOutput<typeof providerKindSchema>;

const isProvider = (value: unknown): value is Provider => isPlainObject(value) && isFunction(value.stream);

const isHttpUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

const timeouts = options({
  /** From request start to response headers. Default 10 000. */
  headersMs: v.optional(positiveInteger),
  /** From headers to the first text token. Default 15 000. */
  firstTokenMs: v.optional(positiveInteger),
  /** Longest gap between two chunks once text flows. Default 10 000. */
  idleMs: v.optional(positiveInteger),
});

/** Per-attempt deadlines, each a trigger that moves the lane on (see the error-class table). */
export interface TimeoutsConfig extends v.InferOutput<typeof timeouts> {}
const timeoutsSchema: v.GenericSchema<unknown, TimeoutsConfig> = timeouts;

const retry = options({
  /** Tries in total, the first included. 1 disables retry. Default 2. */
  attempts: v.optional(positiveInteger),
  /** Base of the exponential backoff, ms. Default 250. */
  baseDelayMs: v.optional(nonNegativeInteger),
  /** Cap of one delay (full jitter draws from [0, min(cap, base·2^n)]), ms. Default 4 000. */
  maxDelayMs: v.optional(nonNegativeInteger),
  /**
   * Retry this model after a headers or first-token timeout too. Default `false`: a model that
   * stays silent is left for the next one at once (retries are for 429, 5xx and resets).
   */
  onTimeout: v.optional(v.boolean('must be a boolean')),
});

/** Retry of one model, before the lane falls back to the next one. */
export interface RetryConfig extends v.InferOutput<typeof retry> {}
const retrySchema: v.GenericSchema<unknown, RetryConfig> = retry;

const breaker = options({
  /** Opens after this many consecutive failures. Default 5. */
  consecutiveFailures: v.optional(positiveInteger),
  /** Opens when the failure rate in the window reaches this (0..1]. Default 0.5. */
  failureRate: v.optional(numberInRange(0, 1, { aboveMin: true })),
  /** Rolling window of the failure rate, ms. Default 60 000. */
  windowMs: v.optional(positiveInteger),
  /** Calls in the window before the rate can trip the breaker. Default 10. */
  minimumCalls: v.optional(positiveInteger),
  /** Open time before one half-open probe is admitted, ms. Default 30 000. */
  cooldownMs: v.optional(positiveInteger),
});

/** Circuit breaker of one model, shared by every turn in the process. */
export interface BreakerConfig extends v.InferOutput<typeof breaker> {}
const breakerSchema: v.GenericSchema<unknown, BreakerConfig> = breaker;

const price = options({
  /** US dollars per million input tokens. */
  inputPerMTok: nonNegativeNumber,
  /** US dollars per million output tokens. */
  outputPerMTok: nonNegativeNumber,
});

/** Price in US dollars per million tokens. */
export interface PriceConfig extends v.InferOutput<typeof price> {}
const priceSchema: v.GenericSchema<unknown, PriceConfig> = price;

const confidence = options({
  /** Answers scoring below this (0..1) move the lane on. */
  threshold: numberInRange(0, 1),
  /**
   * Scores the complete text when the provider returned no log-probabilities (TypeScript only).
   * Without logprobs and without a scorer the trigger does not fire.
   */
  scorer: v.optional(
    v.custom<(text: string, context: ScorerContext) => number | Promise<number>>(isFunction, 'must be a function'),
  ),
});

/** Low-confidence trigger: an answer scoring below `threshold` (0..1) moves the lane on. */
export interface ConfidenceConfig extends v.InferOutput<typeof confidence> {}
const confidenceSchema: v.GenericSchema<unknown, ConfidenceConfig> = confidence;

const model = options({
  /** A built-in provider kind, or any {@link Provider} object (TypeScript only). */
  provider: v.union(
    [providerKindSchema, v.custom<Provider>(isProvider)],
    requiredOr('must be one of "openai", "anthropic", "simulator" (or a Provider object)'),
  ),
  /** Provider-side model id. */
  model: nonEmptyString,
  /** Name shown to clients and used as the breaker key. Default: `model`. */
  name: v.optional(nonEmptyString),
  /** Base URL of the upstream API (OpenAI-compatible servers, proxies). */
  baseUrl: v.optional(v.pipe(v.string('must be an http(s) URL'), v.check(isHttpUrl, 'must be an http(s) URL'))),
  /** Name of the environment variable holding the API key; read on the server only. */
  apiKeyEnv: v.optional(
    v.pipe(
      v.string('must be the name of an environment variable'),
      v.regex(/^[A-Za-z_]\w*$/, 'must be the name of an environment variable'),
    ),
  ),
  /** Per-attempt deadlines, each a trigger that moves the lane on (see the error-class table). */
  timeouts: v.optional(timeoutsSchema),
  /** Retry policy, or `false` for a single try. */
  retry: v.optional(orFalse(retrySchema)),
  /** Breaker policy, or `false` for none. */
  breaker: v.optional(orFalse(breakerSchema)),
  /** Price in US dollars per million tokens, for the cost in each attempt's report. */
  price: v.optional(priceSchema),
  /** Validators of the complete output, run in order. Default: non-empty. */
  validators: v.optional(v.array(validatorSchema, 'must be an array')),
  /** Low-confidence trigger: an answer scoring below `threshold` moves the lane on. */
  confidence: v.optional(confidenceSchema),
  /** Most tokens the model may generate. */
  maxTokens: v.optional(positiveInteger),
  /** Sampling temperature, 0..2. */
  temperature: v.optional(numberInRange(0, 2)),
  /** Options of the simulator when `provider` is `simulator`. */
  simulator: v.optional(simulatorSchema),
  /**
   * The model continues a partial answer sent as a trailing assistant message (a prefill), so a
   * lane can hand a broken answer to it in mid-stream and it carries on from the exact text.
   * Default: `true` for `anthropic` and `simulator`, `false` for `openai` (OpenAI's own API
   * answers anew; set `true` for a server that continues a final assistant message). A Provider
   * object: `true` when its `kind` is `anthropic` or `simulator`.
   */
  prefill: v.optional(v.boolean('must be a boolean')),
  /**
   * The model's context window, tokens. After a context-length error the lane moves on only to a
   * model whose `contextWindow` is larger.
   */
  contextWindow: v.optional(positiveInteger),
  /**
   * `openai` and `anthropic` only: an upstream event whose data is not JSON fails the attempt
   * (`fail`, default; the lane rescues the answer) or is dropped (`skip`; its text is lost).
   */
  malformedEvents: v.optional(v.picklist(['fail', 'skip'], 'must be "fail" or "skip"')),
});

const HTTP_KINDS: readonly unknown[] = ['openai', 'anthropic'];

const checkedModel = v.pipe(
  model,
  keyRule((value) =>
    value.malformedEvents !== undefined && !HTTP_KINDS.includes(value.provider)
      ? {
          key: 'malformedEvents',
          rule: 'applies to provider "openai" or "anthropic" only (give a Provider object its own `malformedEvents` option)',
        }
      : undefined,
  ),
);

/** One model of a lane's chain. */
export interface ModelConfig extends v.InferOutput<typeof model> {}
export const modelSchema: v.GenericSchema<unknown, ModelConfig> = checkedModel;
