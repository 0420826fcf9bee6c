import * as v from 'valibot';
import type { Authorize } from '../guard/guard.js';
import type { LimitStore } from '../guard/limit-store.js';
import { isFunction, isPlainObject, options, positiveInteger } from './rules.js';

const windowLimit = options({
  /** Most turns (or tokens) per window. */
  max: positiveInteger,
  /** Length of the sliding window, ms. */
  windowMs: positiveInteger,
});

const limits = options({
  /** Turns one principal may start per sliding window (429 past it). */
  turns: v.optional(windowLimit),
  /** Tokens (input and output of every attempt, estimated where a provider reports none) one principal may spend per sliding window (429 past it). */
  tokens: v.optional(windowLimit),
  /** Turns one principal may run at once (429 past it). */
  concurrentTurns: v.optional(positiveInteger),
});

/** Limits of each principal; `authorize` may return a principal with its own. */
export interface LimitsConfig extends v.InferOutput<typeof limits> {}
const limitsSchema: v.GenericSchema<unknown, LimitsConfig> = limits;

const isOrigin = (value: string): boolean => {
  try {
    return value === '*' || new URL(value).origin === value;
  } catch {
    return false;
  }
};

const ORIGINS = 'must be an array of origins such as "https://app.example.com" (scheme, host and port only) or "*"';
const HOSTS = 'must be an array of host names such as "api.example.com", or ".example.com" for it and its subdomains';

/** The guard's entries that JSON can carry. */
export const guardEntries = {
  /** Limits per principal (see `authorize`): turn rate, token budget, concurrent turns. Default: none. */
  limits: v.optional(limitsSchema),
  /** Turns the process runs at once, all principals together (503 with `Retry-After` past it). Default: no cap. */
  maxConcurrentTurns: v.optional(positiveInteger),
  /**
   * Origins whose web pages may call the routes (CORS, preflight included); `"*"` allows any.
   * The server's own origin always may; any other browser origin gets 403. Default: none.
   */
  allowedOrigins: v.optional(v.array(v.pipe(v.string(ORIGINS), v.check(isOrigin, ORIGINS)), ORIGINS)),
  /**
   * Host names the server answers for, against DNS rebinding (421 for others). IP addresses and
   * `localhost` always pass. Default: no check.
   */
  allowedHosts: v.optional(
    v.array(
      v.pipe(
        v.string(HOSTS),
        v.regex(/^\.?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i, HOSTS),
      ),
      HOSTS,
    ),
  ),
};

/** The guard's entries that only TypeScript can carry. */
export const guardCodeOnlyEntries = {
  /**
   * Who is asking: a principal (a string id, or `{ id, limits }`), or a `Response` to answer
   * with instead (e.g. 401). Sync or async. Default: every request is the principal `anonymous`.
   */
  authorize: v.optional(v.custom<Authorize>(isFunction, 'must be a function')),
  /** Where limit counters and concurrency slots live; share one store between instances. Default: this process. */
  limitStore: v.optional(
    v.custom<LimitStore>(
      (value) =>
        isPlainObject(value) &&
        isFunction(value.get) &&
        isFunction(value.add) &&
        isFunction(value.acquire) &&
        isFunction(value.release),
      'must be a LimitStore (an object with get, add, acquire and release methods)',
    ),
  ),
};
