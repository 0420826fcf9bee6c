import { json, nonEmpty, pattern, runValidators, type Validator } from '@cascadekit/core';
import type { ValidatorConfig } from '../config/types.js';

/** Turns validator configuration (objects or JSON specs) into core validators. Default: non-empty. */
export function resolveValidators(configs: readonly ValidatorConfig[] | undefined): Validator[] {
  if (!configs || configs.length === 0) return [nonEmpty];
  return configs.map((config): Validator => {
    if ('validate' in config) return config;
    if (config.type === 'json') return json();
    if (config.type === 'pattern') return pattern(new RegExp(config.pattern, config.flags), config.message);
    return nonEmpty;
  });
}

/** Verdict of validating one attempt's complete text. */
export interface ValidationVerdict {
  ok: boolean;
  validator: string;
  message?: string;
}

/**
 * Runs the validators in order; a validator that throws counts as a failure of that
 * validator (its message goes to logs, a generic one to the client). `signal` reaches each
 * validator, so one doing slow work can stop when the lane no longer waits for it.
 */
export async function validateOutput(
  validators: readonly Validator[],
  text: string,
  signal?: AbortSignal,
): Promise<ValidationVerdict> {
  try {
    const verdict = await runValidators(validators, text, signal ? { signal } : {});
    const result: ValidationVerdict = { ok: verdict.ok, validator: verdict.validator };
    if (verdict.message !== undefined) result.message = verdict.message;
    return result;
  } catch {
    return { ok: false, validator: 'validator-error', message: 'A validator failed to run.' };
  }
}
