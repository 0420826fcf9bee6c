import * as v from 'valibot';
import type { Clock } from '../clock.js';
import type { BreakerStore } from '../policies/breaker-store.js';
import type { UpstreamTransport } from '../providers/transport.js';
import type { Telemetry } from '../telemetry/types.js';
import { guardCodeOnlyEntries, guardEntries } from './guard-schema.js';
import { modelSchema } from './model-schema.js';
import { isFunction, isPlainObject, keyRule, nonNegativeInteger, options, positiveInteger } from './rules.js';
import type { AttemptHookEvent, Logger, SettledHookEvent } from './types.js';

const isTelemetry = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && isFunction((value as { turn?: unknown }).turn);

const MODELS = 'must be a non-empty array of models';
const modelsSchema = v.pipe(v.array(modelSchema, MODELS), v.nonEmpty(MODELS));

const failoverSchema = v.picklist(['restart', 'continue'], 'must be "restart" or "continue"');

/**
 * How a lane hands over after a failure in mid-stream: `restart` discards the text shown (a
 * `reset`) and the next attempt starts fresh; `continue` keeps it, by prefill where the next model
 * takes one, else by restarting the next model and splicing its answer on once it has passed the
 * text shown.
 */
export type FailoverPolicy = v.InferOutput<typeof failoverSchema>;

const HOLD_BACK = 'must give `tokens` or `ms` (or both)';
const holdBack = v.pipe(
  options({
    /** Text chunks (about a token each) to hold back before the first is shown. */
    tokens: v.optional(positiveInteger),
    /** Milliseconds from the first text to hold it back. */
    ms: v.optional(positiveInteger),
  }),
  v.check((value) => value.tokens !== undefined || value.ms !== undefined, HOLD_BACK),
);

/** A window at the start of a lane's answer whose text is held back, so a failure in it stays invisible. */
export interface HoldBackConfig extends v.InferOutput<typeof holdBack> {}
const holdBackSchema: v.GenericSchema<unknown, HoldBackConfig> = holdBack;

const chain = options({
  /** Models of the draft lane, tried in order. None: a plain fallback chain. */
  draft: v.optional(modelsSchema),
  /** Models of the final lane, tried in order. */
  final: modelsSchema,
  /** Total deadline of each lane, ms. Default 60 000. */
  deadlineMs: v.optional(positiveInteger),
  /** Most time the turn may spend waiting between retries, summed over its lanes, ms. Default 10 000. */
  retryBudgetMs: v.optional(nonNegativeInteger),
  /**
   * Mid-stream handover on the cascade route. `restart` (default): `reset`, and the next attempt
   * starts fresh. `continue`: the text shown stays; the next model continues it by prefill where
   * it takes one (`prefill`), else it restarts and its answer is spliced on once it has passed
   * the text shown (a `reset` when it diverges). The streaming gateway always continues.
   */
  failover: v.optional(failoverSchema),
  /**
   * Hold back the start of each lane's answer (the first `tokens` text chunks, or its first
   * `ms`, whichever ends first): a failure inside the window restarts invisibly. Default: none.
   */
  holdBack: v.optional(holdBackSchema),
  /**
   * Longest wait for an attempt's first token (headers included), ms. Default: the lane's time
   * left shared among the models left to try, so a silent model leaves its fallbacks room.
   */
  attemptBudgetMs: v.optional(positiveInteger),
  /**
   * After a content-filter refusal (an HTTP 400 that names the filter), try the next model.
   * Default `false`: the refusal reaches the caller with the provider's reason.
   */
  failoverOnContentFilter: v.optional(v.boolean('must be a boolean')),
  /** Tell the next model why the previous one failed (e.g. the validator's message). Default true. */
  contextNotes: v.optional(v.boolean('must be a boolean')),
});

/** A named chain: a draft lane and a final lane. A plain fallback chain has only `final`. */
export interface ChainConfig extends v.InferOutput<typeof chain> {}
const chainSchema: v.GenericSchema<unknown, ChainConfig> = chain;

// valibot's record skips these keys (its guard against prototype pollution): they would go unchecked.
const RESERVED_NAMES = ['__proto__', 'prototype', 'constructor'];

const chainsSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
  v.check((chains) => Object.keys(chains).length > 0, 'must name at least one chain'),
  keyRule((chains) => {
    const key = Object.keys(chains).find((name) => RESERVED_NAMES.includes(name));
    return key === undefined ? undefined : { key, rule: 'is a reserved name (name the chain differently)' };
  }),
  v.record(v.string(), chainSchema),
);

/** The entries JSON can carry; `defaultChain` must be one of `names` (the input's chains). */
const chainsEntries = (names: string[]) => ({
  /** The chains by name; a request picks one by its `chain` field. */
  chains: chainsSchema,
  /** Chain used when a request names none. Default: the first chain. */
  defaultChain: v.optional(v.picklist(names, `must name a configured chain (${names.join(', ')})`)),
  /** Prefix of the routes. Default `/api`. */
  basePath: v.optional(
    v.pipe(v.string('must be a path starting with "/"'), v.regex(/^\/[\w\-./]*$/, 'must be a path starting with "/"')),
  ),
  /** Largest accepted request body, bytes. Default 1 MiB. */
  maxBodyBytes: v.optional(positiveInteger),
  /**
   * A built-in HTTP model (`openai`, `anthropic`) whose API key variable is unset is a
   * `ConfigError` at start, naming the model and the variable. `false` when keys are set later
   * (the environment is read again at each request until a model's provider is built): a model
   * without its key then fails its attempts with reason `config` and its lane falls back. Default true.
   */
  requireApiKeys: v.optional(v.boolean('must be a boolean')),
  /**
   * Output a turn may hold for a client that reads slower than the models write, about bytes.
   * When it is full the lanes stop reading their upstreams until the client catches up. Default 64 KiB.
   */
  maxBufferedBytes: v.optional(positiveInteger),
  /**
   * A client that leaves a turn's output full (`maxBufferedBytes`) this long is disconnected and
   * the turn's upstream calls are cancelled, ms. Default 10 000.
   */
  slowClientMs: v.optional(positiveInteger),
  ...guardEntries,
});

const codeOnlyEntries = {
  /** Details of failures go here; browsers get generic text. Default: `console` (warn and error). */
  logger: v.optional(
    v.custom<Logger>(
      (value) => isPlainObject(value) && isFunction(value.warn) && isFunction(value.error),
      'must be a Logger (an object with warn and error methods)',
    ),
  ),
  /** Called after every attempt (success, failure or skip). Errors thrown here are logged and ignored. */
  onAttempt: v.optional(v.custom<(event: AttemptHookEvent) => void>(isFunction, 'must be a function')),
  /** Called once per turn with the summary. Errors thrown here are logged and ignored. */
  onSettled: v.optional(v.custom<(event: SettledHookEvent) => void>(isFunction, 'must be a function')),
  /** Where `apiKeyEnv` names are looked up. Default `process.env` where it exists. */
  env: v.optional(v.custom<Record<string, string | undefined>>(isPlainObject, 'must be an object')),
  /** Time source of timeouts, backoff and the breaker. Default the system clock. */
  clock: v.optional(
    v.custom<Clock>(
      (value) => isPlainObject(value) && isFunction(value.now) && isFunction(value.sleep),
      'must be a Clock (an object with now and sleep methods)',
    ),
  ),
  /** Random source of backoff jitter, [0, 1). Default `Math.random`. */
  random: v.optional(v.custom<() => number>(isFunction, 'must be a function')),
  /** Where breaker state lives; share one store between instances to share breakers. Default: this process. */
  breakerStore: v.optional(
    v.custom<BreakerStore>(
      (value) => isPlainObject(value) && isFunction(value.get) && isFunction(value.update),
      'must be a BreakerStore (an object with get and update methods)',
    ),
  ),
  /**
   * `fetch` of the built-in HTTP providers (`openai`, `anthropic`), i.e. their `transport` is
   * `fetchTransport(fetch)`; `Provider` objects bring their own. Default: the global `fetch`.
   * Give this or `transport`, not both.
   */
  fetch: v.optional(v.custom<typeof fetch>(isFunction, 'must be a function')),
  /**
   * How the built-in HTTP providers (`openai`, `anthropic`) reach their upstreams. Default:
   * `fetchTransport()` over the global `fetch`, on every runtime. On Node, `nodeTransport()` from
   * `@cascadekit/server/node` costs less per call. Give this or `fetch`, not both.
   */
  transport: v.optional(
    v.custom<UpstreamTransport>(
      (value) => isPlainObject(value) && isFunction(value.request),
      'must be an UpstreamTransport (an object with a request method)',
    ),
  ),
  /**
   * Spans and metrics of every turn: `otelTelemetry()` from `@cascadekit/server/otel`,
   * `prometheusMetrics()` from `@cascadekit/server/prometheus`, or a {@link Telemetry} of yours;
   * one or a list. Default: none (a turn then pays nothing for it).
   */
  telemetry: v.optional(
    v.custom<Telemetry | Telemetry[]>(
      (value) => (Array.isArray(value) ? value.every(isTelemetry) : isTelemetry(value)),
      'must be a Telemetry (an object with a turn method) or a list of them',
    ),
  ),
  ...guardCodeOnlyEntries,
};

/** `fetch: f` is `transport: fetchTransport(f)`: both at once would leave one of them unused. */
const oneUpstreamPath = <TInput>() =>
  keyRule<TInput>((config) =>
    config.fetch !== undefined && config.transport !== undefined
      ? {
          key: 'transport',
          rule: 'and config.fetch are both given: give one (fetch: f means transport: fetchTransport(f))',
        }
      : undefined,
  );

const chainNames = (config: unknown): string[] =>
  isPlainObject(config) && isPlainObject(config.chains) ? Object.keys(config.chains) : [];

const chainsConfig = v.lazy((config) => options(chainsEntries(chainNames(config))));

/** The part of the configuration that JSON can carry (see `loadChainConfig`). */
export interface ChainsConfig extends v.InferOutput<typeof chainsConfig> {}
export const chainsConfigSchema: v.GenericSchema<unknown, ChainsConfig> = chainsConfig;

// An intersection, not a spread: a spread type would drop the fields' TSDoc from the .d.ts.
const withCodeOnly = <TEntries extends v.ObjectEntries>(entries: TEntries): TEntries & typeof codeOnlyEntries => ({
  ...entries,
  ...codeOnlyEntries,
});

const cascadeConfig = v.lazy((config) =>
  v.pipe(options(withCodeOnly(chainsEntries(chainNames(config)))), oneUpstreamPath()),
);

/** Everything `createCascadeHandler` accepts. */
export interface CascadeConfig extends v.InferOutput<typeof cascadeConfig> {}
export const cascadeConfigSchema: v.GenericSchema<unknown, CascadeConfig> = cascadeConfig;
