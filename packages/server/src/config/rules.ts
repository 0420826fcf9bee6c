import * as v from 'valibot';

// The building blocks of the configuration schema. Each rule carries one message, whichever way a
// value breaks it (`… must be a positive integer` for a string, a fraction or a zero alike).

/** An object in the configuration's sense: not `null`, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

/** The message of a required value that is missing is "is required"; any other bad value breaks `rule`. */
export const requiredOr = (rule: string) => (issue: v.BaseIssue<unknown>) =>
  issue.input === undefined ? 'is required' : rule;

/** The first issue of `value` against `schema`, checks stopping there (the configuration fails fast). */
export function firstIssue(schema: v.GenericSchema, value: unknown): v.BaseIssue<unknown> | undefined {
  return v.safeParse(schema, value, { abortEarly: true }).issues?.[0];
}

function integerFrom(min: number, rule: string) {
  return v.pipe(v.number(rule), v.integer(rule), v.minValue(min, rule));
}

export const positiveInteger = integerFrom(1, 'must be a positive integer');
export const nonNegativeInteger = integerFrom(0, 'must be a non-negative integer');
export const httpErrorStatus = v.pipe(
  integerFrom(400, 'must be an HTTP error status (400-599)'),
  v.maxValue(599, 'must be an HTTP error status (400-599)'),
);

const NON_NEGATIVE_NUMBER = 'must be a non-negative number';
export const nonNegativeNumber = v.pipe(
  v.number(requiredOr(NON_NEGATIVE_NUMBER)),
  v.finite(NON_NEGATIVE_NUMBER),
  v.minValue(0, NON_NEGATIVE_NUMBER),
);

/** A finite number in [min, max], or (min, max] with `aboveMin`. */
export function numberInRange(min: number, max: number, { aboveMin = false } = {}) {
  const rule = `must be a number ${aboveMin ? 'greater than' : 'at least'} ${min} and at most ${max}`;
  return v.pipe(
    v.number(requiredOr(rule)),
    v.finite(rule),
    aboveMin ? v.gtValue(min, rule) : v.minValue(min, rule),
    v.maxValue(max, rule),
  );
}

export const nonEmptyString = v.pipe(v.string('must be a non-empty string'), v.nonEmpty('must be a non-empty string'));

const knownKeys = (keys: readonly string[]) => `is not a known option (known: ${keys.join(', ')})`;

/** Reports the key `find` names (with its rule) at that key's path, before any value is checked. */
export function keyRule<TInput>(find: (value: Record<string, unknown>) => { key: string; rule: string } | undefined) {
  return v.rawCheck<TInput>(({ dataset, addIssue }) => {
    const input: unknown = dataset.value;
    const found = isPlainObject(input) ? find(input) : undefined;
    if (!isPlainObject(input) || found === undefined) return;
    const { key, rule } = found;
    addIssue({ message: rule, path: [{ type: 'object', origin: 'key', input, key, value: input[key] }] });
  });
}

/**
 * Names the first key that is not one of `knownOf(object)`, so a misspelt key is reported as
 * unknown rather than as a required one missing. `knownOf` returns `undefined` when it cannot
 * tell (e.g. a variant of an unknown kind).
 */
export function noUnknownKeys<TInput>(knownOf: (value: Record<string, unknown>) => readonly string[] | undefined) {
  return keyRule<TInput>((value) => {
    const known = knownOf(value);
    const key = known && Object.keys(value).find((name) => !known.includes(name));
    return known === undefined || key === undefined ? undefined : { key, rule: knownKeys(known) };
  });
}

/**
 * An object of `entries` only, each checked by its schema. A required key left out gets the
 * message its own schema gives `undefined` ("is required", or a rule such as "must be a
 * non-empty string"), so each message is written once, on the field.
 */
export function strict<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.strictObject(entries, (issue) => {
    if (issue.path === undefined) return 'must be an object';
    if (issue.expected === 'never') return knownKeys(Object.keys(entries));
    const schema = entries[String(issue.path[0]?.key)];
    return (schema && firstIssue(schema, undefined)?.message) ?? 'is required';
  });
}

const plainObject = v.custom<Record<string, unknown>>(isPlainObject, 'must be an object');

/** An object of options: not an array or `null`, no unknown key (named first), then {@link strict}. */
export function options<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const keys = Object.keys(entries);
  return v.pipe(
    plainObject,
    noUnknownKeys(() => keys),
    strict(entries),
  );
}

/** The keys of the variant option whose `key` entry accepts the value's `key`, if any. */
export function variantKeys(key: string, variants: readonly { entries: v.ObjectEntries }[]) {
  return (value: Record<string, unknown>) => {
    const option = variants.find((variant) => {
      const discriminator = variant.entries[key];
      return discriminator !== undefined && v.is(discriminator, value[key]);
    });
    return option && Object.keys(option.entries);
  };
}

const FALSE = v.literal(false);

/** `false` (the policy is off) or a value of `schema`, whose issues keep their own paths. */
export function orFalse<const TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.lazy((input) => (input === false ? FALSE : schema));
}
