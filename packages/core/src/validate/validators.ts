import type { StandardSchemaV1 } from '@standard-schema/spec';

/** Result of validating a lane's text. */
export type ValidationResult = { ok: true } | { ok: false; message: string };

/**
 * A validator decides whether a complete answer may stand. It may be async.
 * `name` appears in `validation` events and traces.
 */
export interface Validator {
  readonly name: string;
  /**
   * Judges a complete answer. `context.signal` aborts when the answer no longer needs a verdict
   * (the lane's deadline passed, the client left, the user pressed stop): a validator that does
   * slow work, such as asking another model, should stop it then.
   */
  validate(text: string, context?: ValidatorContext): ValidationResult | Promise<ValidationResult>;
}

/** What a validator is told besides the text. */
export interface ValidatorContext {
  /** Aborts when the verdict is no longer wanted. */
  signal?: AbortSignal;
}

const OK: ValidationResult = { ok: true };

/** Passes any text that has a non-whitespace character. The default validator. */
export const nonEmpty: Validator = {
  name: 'non-empty',
  validate: (text) => (text.trim().length > 0 ? OK : { ok: false, message: 'The answer is empty.' }),
};

/** Passes text that parses as JSON (surrounding whitespace and a ```json fence allowed). */
export function json(): Validator {
  return {
    name: 'json',
    validate(text) {
      try {
        JSON.parse(stripFence(text));
        return OK;
      } catch (error) {
        return { ok: false, message: `The answer is not valid JSON: ${(error as Error).message}` };
      }
    },
  };
}

/** Passes text that matches `regex`. */
export function pattern(regex: RegExp, message = `The answer does not match ${String(regex)}.`): Validator {
  return {
    name: 'pattern',
    validate: (text) => {
      regex.lastIndex = 0;
      return regex.test(text) ? OK : { ok: false, message };
    },
  };
}

/**
 * Parses the text as JSON and validates it with any Standard Schema (zod, valibot, arktype …).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const validator = schema(z.object({ answer: z.string() }));
 * ```
 */
export function schema(standardSchema: StandardSchemaV1): Validator {
  return {
    name: 'schema',
    async validate(text) {
      let value: unknown;
      try {
        value = JSON.parse(stripFence(text));
      } catch (error) {
        return { ok: false, message: `The answer is not valid JSON: ${(error as Error).message}` };
      }
      const result = await standardSchema['~standard'].validate(value);
      if (!result.issues) return OK;
      const message = result.issues
        .map((issue) => {
          const path = issue.path?.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.');
          return path ? `${path}: ${issue.message}` : issue.message;
        })
        .join('; ');
      return { ok: false, message: `The answer does not match the schema: ${message}` };
    },
  };
}

/** Wraps a predicate as a validator. Return `true` to pass, or a string explaining the failure. */
export function predicate(
  name: string,
  check: (text: string) => boolean | string | Promise<boolean | string>,
): Validator {
  return {
    name,
    async validate(text) {
      const verdict = await check(text);
      if (verdict === true) return OK;
      return { ok: false, message: typeof verdict === 'string' ? verdict : `The answer failed the check "${name}".` };
    },
  };
}

/**
 * Runs validators in order and stops at the first failure. Each gets `context`; once its signal
 * has aborted no further validator starts (the call rejects with the signal's reason).
 */
export async function runValidators(
  validators: readonly Validator[],
  text: string,
  context: ValidatorContext = {},
): Promise<{ ok: boolean; validator: string; message?: string }> {
  for (const validator of validators) {
    // No verdict is wanted any more: the next validator does not start.
    context.signal?.throwIfAborted();
    const result = await validator.validate(text, context);
    if (!result.ok) return { ok: false, validator: validator.name, message: result.message };
  }
  return { ok: true, validator: validators.map((v) => v.name).join('+') || 'none' };
}

/** One validator or a list of them, as a list. */
export function asValidators(value: Validator | readonly Validator[]): readonly Validator[] {
  return Array.isArray(value) ? (value as readonly Validator[]) : [value as Validator];
}

function stripFence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return fenced ? (fenced[1] as string) : trimmed;
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts: what waits for
 * a verdict stops waiting at once, whether or not the validator heeds the signal.
 * @internal Shared with `@cascadekit/server`.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
