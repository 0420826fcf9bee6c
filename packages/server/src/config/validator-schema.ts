import type { Validator } from '@cascadekit/core';
import * as v from 'valibot';
import { isFunction, isPlainObject, nonEmptyString, noUnknownKeys, strict, variantKeys } from './rules.js';

const isValidator = (value: unknown): value is Validator => isPlainObject(value) && isFunction(value.validate);

const compiles = (pattern: string, flags?: string): boolean => {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
};
const INVALID_REGEXP = 'must form a valid regular expression';

const patternSpec = v.pipe(
  strict({
    type: v.literal('pattern'),
    /** Source of a `RegExp` the whole output must match. */
    pattern: v.string('must be a string'),
    /** Flags of that `RegExp`, e.g. `i`. */
    flags: v.optional(v.string('must be a string')),
    /** What the next model is told when the output does not match. */
    message: v.optional(nonEmptyString),
  }),
  // A pattern that does not compile names the flags when they are given, else the pattern.
  v.forward(
    v.check((spec) => spec.flags !== undefined || compiles(spec.pattern), INVALID_REGEXP),
    ['pattern'],
  ),
  v.forward(
    v.check((spec) => spec.flags === undefined || compiles(spec.pattern, spec.flags), INVALID_REGEXP),
    ['flags'],
  ),
);

const specs = [strict({ type: v.literal('non-empty') }), strict({ type: v.literal('json') }), patternSpec] as const;

const validatorSpec = v.pipe(
  v.custom<{ type: string }>(
    (value) => isPlainObject(value) && typeof value.type === 'string',
    'must be a Validator or { "type": "non-empty" | "json" | "pattern" }',
  ),
  noUnknownKeys(variantKeys('type', specs)),
  v.variant('type', specs, 'must be one of "non-empty", "json", "pattern"'),
);

const validatorObject = v.custom<Validator>(isValidator);

const validator = v.lazy((value) => (isValidator(value) ? validatorObject : validatorSpec));

/** A validator: a core `Validator` object (TypeScript only) or a JSON-safe spec. */
export type ValidatorConfig = v.InferOutput<typeof validator>;
export const validatorSchema: v.GenericSchema<unknown, ValidatorConfig> = validator;
