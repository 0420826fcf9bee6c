import * as v from 'valibot';
import type { Clock } from '../clock.js';
import type { BreakerStore } from '../policies/breaker-store.js';
import { guardCodeOnlyEntries, guardEntries } from './guard-schema.js';
import { modelSchema } from './model-schema.js';
import { isFunction, isPlainObject, keyRule, nonNegativeInteger, options, positiveInteger } from './rules.js';
import type { AttemptHookEvent, Logger, SettledHookEvent } from './types.js';

const MODELS = 'must be a non-empty array of models';
const modelsSchema = v.pipe(v.array(modelSchema, MODELS), v.nonEmpty(MODELS));

const failoverSchema = v.picklist(['restart', 'continue'], 'must be "restart" or "continue"');

/** How a lane hands over after a failure in mid-stream. */
export type FailoverPolicy = v.InferOutput<typeof failoverSchema>;

const chain = options({
  /** Models of the draft lane, tried in order. None: a plain fallback chain. */
  draft: v.optional(modelsSchema),
  /** Models of the final lane, tried in order. */
  final: modelsSchema,
  /** Total deadline of each lane, ms. Default 60 000. */
  deadlineMs: v.optional(positiveInteger),
  /** Most time the turn may spend waiting between retries, summed over its lanes, ms. Default 10 000. */
  retryBudgetMs: v.optional(nonNegativeInteger),
  /** `restart` (default): emit `reset`, next model starts fresh. `continue`: next model continues the text. */
  failover: v.optional(failoverSchema),
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
   * `fetch` of the built-in HTTP providers (`openai`, `anthropic`); `Provider` objects bring their
   * own. Default: the global `fetch`. On Node, `nodeFetch` from `@cascadekit/server/node` is cheaper.
   */
  fetch: v.optional(v.custom<typeof fetch>(isFunction, 'must be a function')),
  ...guardCodeOnlyEntries,
};

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

const cascadeConfig = v.lazy((config) => options(withCodeOnly(chainsEntries(chainNames(config)))));

/** Everything `createCascadeHandler` accepts. */
export interface CascadeConfig extends v.InferOutput<typeof cascadeConfig> {}
export const cascadeConfigSchema: v.GenericSchema<unknown, CascadeConfig> = cascadeConfig;
