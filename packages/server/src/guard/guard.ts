import type { LimitsConfig } from '../config/guard-schema.js';
import type { Logger } from '../config/types.js';
import { hostCheck } from './allowed-hosts.js';
import { corsPolicy } from './cors.js';
import { withFallback } from './fallback-store.js';
import { requireJsonBody } from './json-body.js';
import { type LimitStore, memoryLimitStore } from './limit-store.js';
import { type Admission, createLimiter } from './limiter.js';

/** Who is asking: an id, or an id with limits of its own (e.g. a paid tier's) that override `limits`. */
export type Principal = string | { id: string; limits?: LimitsConfig };

/**
 * Decides who a request comes from: a {@link Principal}, or a `Response` the handler answers
 * with as it is (e.g. 401 with `WWW-Authenticate`). Sync or async; a throw is a 500.
 *
 * @example
 * ```ts
 * const keys = new Map([['sk-team-a', 'team-a']]);
 * const authorize: Authorize = (request) => {
 *   const key = request.headers.get('authorization')?.replace(/^Bearer /, '');
 *   const team = key && keys.get(key);
 *   return team ?? Response.json({ error: { code: 'unauthorized', message: 'Send a valid API key.' } }, { status: 401 });
 * };
 * ```
 */
export type Authorize = (request: Request) => Principal | Response | Promise<Principal | Response>;

/**
 * How much of the guard a route goes through. `turn` (the default): `authorize`, and for a
 * request with a body (not GET or HEAD) a JSON body and the turn limits. `authorize`:
 * `authorize` only. `open`: neither (the health route). The host and origin checks apply to every
 * route.
 */
export type RouteGuard = 'turn' | 'authorize' | 'open';

/** The guard's part of the configuration. */
export interface GuardConfig {
  authorize?: Authorize | undefined;
  limits?: LimitsConfig | undefined;
  maxConcurrentTurns?: number | undefined;
  allowedOrigins?: readonly string[] | undefined;
  allowedHosts?: readonly string[] | undefined;
  limitStore?: LimitStore | undefined;
}

/** The principal of requests when there is no `authorize`. */
export const ANONYMOUS = 'anonymous';

function principalOf(value: unknown): { id: string; limits?: LimitsConfig | undefined } {
  if (typeof value === 'string' && value !== '') return { id: value };
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') {
    const principal = value as { id: string; limits?: LimitsConfig };
    if (principal.id !== '') return principal;
  }
  throw new TypeError('authorize must return a principal (a non-empty string, or { id }) or a Response.');
}

/**
 * The guard at the door of a handler: the host and origin checks on every request, then per
 * route `authorize`, the JSON body rule and the limits (see {@link RouteGuard}).
 */
export function createGuard(config: GuardConfig, runtime: { logger: Logger; now: () => number; leaseMs: number }) {
  const checkHost = hostCheck(config.allowedHosts);
  const cors = corsPolicy(config.allowedOrigins);
  const authorize = config.authorize;
  const limits = config.limits ?? {};
  const limited =
    config.maxConcurrentTurns !== undefined ||
    limits.turns !== undefined ||
    limits.tokens !== undefined ||
    limits.concurrentTurns !== undefined;
  const onStoreError = (error: unknown) =>
    runtime.logger.warn('cascadekit: the limit store failed', { error: String(error) });
  // Only a store of the application's can fail; the memory store answers synchronously.
  const store = config.limitStore
    ? withFallback(config.limitStore, runtime.logger, runtime.now)
    : memoryLimitStore({ now: runtime.now });
  // Principals may bring limits of their own, so even without `limits` a principal may be limited.
  const limiter = createLimiter({
    limits,
    maxConcurrentTurns: config.maxConcurrentTurns,
    store,
    now: runtime.now,
    leaseMs: runtime.leaseMs,
    onStoreError,
  });

  return {
    cors,
    /** The host check (421) and the origin check (403); the CORS headers the answer needs. */
    door(request: Request, url: URL): Record<string, string> | undefined {
      checkHost?.(url);
      return cors.check(request.headers.get('origin'), url);
    },
    /**
     * The route's part of the guard. A `Response` (from `authorize`) answers the request; an
     * {@link Admission} holds the turn's slots until the turn ends.
     */
    async enter(request: Request, kind: RouteGuard): Promise<Admission | Response | undefined> {
      if (kind === 'open') return undefined;
      const turn = kind === 'turn' && request.method !== 'GET' && request.method !== 'HEAD';
      if (turn) requireJsonBody(request);
      let principal: { id: string; limits?: LimitsConfig | undefined } = { id: ANONYMOUS };
      if (authorize) {
        const answer = await authorize(request);
        if (answer instanceof Response) return answer;
        principal = principalOf(answer);
      }
      if (!turn || (!limited && principal.limits === undefined)) return undefined;
      return limiter.admit(principal.id, principal.limits);
    },
  };
}

export type Guard = ReturnType<typeof createGuard>;
