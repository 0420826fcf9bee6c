import * as v from 'valibot';
import type { ProviderRequest } from '../providers/types.js';
import type { SimulatorOptions } from '../simulator.js';
import {
  httpErrorStatus,
  isFunction,
  isPlainObject,
  nonNegativeInteger,
  nonNegativeNumber,
  noUnknownKeys,
  numberInRange,
  options,
  strict,
  variantKeys,
} from './rules.js';

const FAILURE_KIND = 'must be one of "http", "network", "cut", "stall", "in-band-error", "invalid"';

const failures = [
  strict({ kind: v.literal('http'), status: httpErrorStatus, retryAfterMs: v.optional(nonNegativeNumber) }),
  strict({ kind: v.literal('network'), afterTokens: v.optional(nonNegativeInteger) }),
  strict({ kind: v.literal('cut'), afterTokens: nonNegativeInteger }),
  strict({ kind: v.literal('stall'), afterTokens: v.optional(nonNegativeInteger) }),
  strict({ kind: v.literal('in-band-error'), afterTokens: nonNegativeInteger }),
  strict({ kind: v.literal('invalid'), text: v.optional(v.string('must be a string')) }),
] as const;

const failureSchema = v.pipe(
  v.unknown(),
  // A failure that is not an object is reported at its `kind`, the field that names the failure.
  v.rawCheck(({ dataset, addIssue }) => {
    if (isPlainObject(dataset.value)) return;
    const at = { type: 'unknown', origin: 'value', input: dataset.value, key: 'kind', value: undefined } as const;
    addIssue({ message: FAILURE_KIND, path: [at] });
  }),
  noUnknownKeys(variantKeys('kind', failures)),
  v.variant('kind', failures, FAILURE_KIND),
);

/**
 * The JSON-checkable options of the simulator. Its type is `SimulatorOptions` without `model` and
 * `clock` (the documented interface of `simulator()`); `types.test-d.ts` proves the two agree.
 */
export const simulatorOptionsSchema = options({
  seed: v.optional(v.pipe(v.number('must be an integer'), v.integer('must be an integer'))),
  text: v.optional(
    v.union([v.string(), v.custom<(request: ProviderRequest) => string>(isFunction)], 'must be a string'),
  ),
  sentences: v.optional(nonNegativeInteger),
  headersMs: v.optional(nonNegativeNumber),
  ttftMs: v.optional(nonNegativeNumber),
  tokensPerSecond: v.optional(
    v.pipe(
      v.number('must be a positive number'),
      v.finite('must be a positive number'),
      v.gtValue(0, 'must be a positive number'),
    ),
  ),
  jitter: v.optional(numberInRange(0, 1)),
  logprob: v.optional(
    v.pipe(v.number('must be a number ≤ 0'), v.finite('must be a number ≤ 0'), v.maxValue(0, 'must be a number ≤ 0')),
  ),
  failure: v.optional(failureSchema),
  failCalls: v.optional(nonNegativeInteger),
});

/** What `ModelConfig.simulator` accepts, typed by the simulator's own documented options. */
export type SimulatorConfig = Omit<SimulatorOptions, 'model' | 'clock'>;

export const simulatorSchema: v.GenericSchema<unknown, SimulatorConfig> = simulatorOptionsSchema;
