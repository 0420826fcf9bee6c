import { type ChatMessage, type Lane, PROTOCOL_VERSION } from '@cascadekit/core';
import { resolveChain } from './chain/resolve.js';
import type { ResolvedChain, Runtime } from './chain/resolved.js';
import { runTurn } from './chain/turn.js';
import type { TurnEvents } from './chain/turn-events.js';
import { systemClock } from './clock.js';
import { checkApiKeys } from './config/api-keys.js';
import { validateCascadeConfig } from './config/load.js';
import type { CascadeConfig, FailoverPolicy, Logger } from './config/types.js';
import { consoleLogger } from './console-logger.js';
import { handleChatCompletions } from './gateway/chat-completions.js';
import { modelsRoutes } from './gateway/models.js';
import { withHeaders } from './guard/cors.js';
import { createGuard, type RouteGuard } from './guard/guard.js';
import type { Admission } from './guard/limiter.js';
import { HttpError, jsonResponse } from './http/json-error.js';
import { DEFAULT_MAX_BODY_BYTES, readBodyText } from './http/request-body.js';
import { routeError } from './http/route-error.js';
import { BreakerRegistry } from './policies/breaker.js';
import { memoryBreakerStore } from './policies/breaker-store.js';
import { handleCascade } from './routes/cascade-route.js';
import { telemetryModels } from './telemetry/models.js';
import { watchTurn } from './telemetry/watch-turn.js';

/** How a route runs a turn: which lanes, early accept, the mid-stream handover. */
export interface TurnOptions {
  lanes?: readonly Lane[];
  earlyAccept?: boolean;
  failover?: FailoverPolicy;
  /** Called when an attempt's upstream answers with a 2xx head (the request reached a model). */
  onReachedModel?: () => void;
}

/** What the OpenAI-compatible gateway (and other routes) get from the handler. */
export interface HandlerContext {
  /** Names of the configured chains. */
  chains: readonly string[];
  defaultChain: string;
  maxBodyBytes: number;
  logger: Logger;
  /**
   * Runs a turn of chain `chain` and hands out its protocol events; throws `HttpError(404)` for an
   * unknown chain. `signal` (the request's) aborts the turn; `lanes` limits it to those lanes (the
   * gateway runs only `final`); `failover` replaces the chain's mid-stream handover (the
   * streaming gateway continues, since it cannot take text back).
   */
  runChain(chain: string, messages: ChatMessage[], signal: AbortSignal, options?: TurnOptions): TurnEvents;
  /** Reads a body under the size limit (413 `HttpError` past it). */
  readBody(request: Request): Promise<string>;
}

/** A route handler plugged into the router, e.g. the gateway's `handleChatCompletions`. */
export type RouteHandler = (request: Request, context: HandlerContext) => Promise<Response>;

/** Health report served at `GET {basePath}/health`. */
export interface HealthReport {
  ok: true;
  protocol: typeof PROTOCOL_VERSION;
  chains: string[];
  defaultChain: string;
  breakers: Record<string, { state: string; consecutiveFailures: number; openedAt?: number }>;
}

/** A web-standard handler with the routes it owns. */
export interface CascadeHandler {
  (request: Request): Promise<Response>;
  /** True for the paths this handler answers (Node middleware passes the others on). */
  matches(pathname: string): boolean;
  /** Every path this handler answers (the Node adapter names them when it is mounted where none is). */
  readonly paths: readonly string[];
  /** The health report, as `GET {basePath}/health` serves it. */
  health(): Promise<HealthReport>;
}

/** A route of the handler: its methods, its handler, and how much of the guard it goes through. */
export interface Route {
  methods: string[];
  handle: RouteHandler;
  /** Default `turn`: `authorize`, and for requests with a body the JSON rule and the turn limits. */
  guard?: RouteGuard;
}

/** Options beside the configuration. */
export interface CascadeHandlerOptions {
  /** Extra routes by exact pathname, e.g. `{ '/v1/chat/completions': handleChatCompletions }`. */
  routes?: Record<string, Route>;
}

/** Room a turn's concurrency slot has past its chain's deadline before a shared store frees it. */
const LEASE_MARGIN_MS = 60_000;

/** A body read that failed because the client went away: routine, not a server error. */
function clientWentAway(request: Request, error: unknown): boolean {
  return request.signal.aborted || (error instanceof TypeError && error.message.startsWith('terminated'));
}

function defaultEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/**
 * Creates the cascade server: a web-standard `(request: Request) => Promise<Response>` that runs
 * with any runtime (Node through `@cascadekit/server/node`, Deno, Bun, edge workers).
 *
 * Routes (under `basePath`, default `/api`):
 * - `POST /api/cascade` with `{ messages, chain? }` streams protocol v1 events (SSE);
 * - `GET /api/health` returns the chains and every breaker's state as JSON;
 * - `POST /v1/chat/completions` is an OpenAI-compatible gateway whose `model` names a chain;
 * - `GET /v1/models` lists the chains as OpenAI models.
 *
 * Invalid configuration throws here, naming the path and the rule.
 *
 * @example
 * ```ts
 * import { createCascadeHandler } from '@cascadekit/server';
 * import { serveNode } from '@cascadekit/server/node';
 *
 * const handler = createCascadeHandler({
 *   chains: {
 *     support: {
 *       draft: [{ provider: 'simulator', model: 'sim-fast', simulator: { ttftMs: 80 } }],
 *       final: [{ provider: 'simulator', model: 'sim-large', simulator: { ttftMs: 600, sentences: 5 } }],
 *     },
 *   },
 * });
 * const server = await serveNode(handler, { port: 8787 });
 * ```
 */
export function createCascadeHandler(config: CascadeConfig, options: CascadeHandlerOptions = {}): CascadeHandler {
  validateCascadeConfig(config);
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? consoleLogger;
  const runtime: Runtime = {
    clock,
    random: config.random ?? Math.random,
    logger,
    onAttempt: config.onAttempt,
    onSettled: config.onSettled,
    maxBufferedBytes: config.maxBufferedBytes,
    slowClientMs: config.slowClientMs,
  };
  const breakers = new BreakerRegistry(config.breakerStore ?? memoryBreakerStore(), clock);
  const env = config.env ?? defaultEnv();
  if (config.requireApiKeys !== false) checkApiKeys(config.chains, env);
  const factoryContext = { env, clock, ...(config.fetch ? { fetch: config.fetch } : {}) };
  if (config.transport) Object.assign(factoryContext, { transport: config.transport });
  const chains = new Map<string, ResolvedChain>(
    Object.entries(config.chains).map(([name, chain]) => [name, resolveChain(name, chain, breakers, factoryContext)]),
  );
  const chainNames = [...chains.keys()];
  const telemetry = config.telemetry === undefined ? [] : [config.telemetry].flat();
  const modelsOf = telemetryModels(chains);
  const defaultChain = config.defaultChain ?? (chainNames[0] as string);
  const basePath = (config.basePath ?? '/api').replace(/\/+$/, '');
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const startTurn = (
    name: string,
    messages: ChatMessage[],
    signal: AbortSignal,
    runOptions: TurnOptions,
    route: string,
    admission?: Admission,
  ): TurnEvents => {
    const chain = chains.get(name);
    if (!chain) throw new HttpError(404, 'unknown_chain', `There is no chain named "${name}".`, 'chain');
    const turnId = crypto.randomUUID();
    const turn: Parameters<typeof runTurn>[0] = { turnId, chain, messages, signal, runtime };
    if (telemetry.length > 0) {
      const models = modelsOf(name);
      const now = () => clock.now();
      turn.watch = (lanes) => watchTurn(telemetry, { turnId, chain: name, route, lanes, models, now }, logger);
    }
    if (runOptions.lanes) turn.lanes = runOptions.lanes;
    if (runOptions.earlyAccept) turn.earlyAccept = true;
    if (runOptions.failover) turn.failover = runOptions.failover;
    if (runOptions.onReachedModel) turn.onReachedModel = runOptions.onReachedModel;
    if (admission) {
      turn.onEnd = admission.release;
      turn.runtime = {
        ...runtime,
        onAttempt(event) {
          const usage = event.report.usage;
          if (usage) admission.charge(usage.inputTokens + usage.outputTokens);
          runtime.onAttempt?.(event);
        },
      };
    }
    return runTurn(turn);
  };

  const context: HandlerContext = {
    chains: chainNames,
    defaultChain,
    maxBodyBytes,
    logger,
    runChain: (name, messages, signal, runOptions = {}) => startTurn(name, messages, signal, runOptions, ''),
    readBody: (request) => readBodyText(request, maxBodyBytes),
  };

  /**
   * The context of a request on `route`: a turn it starts holds the request's admission (if the
   * limits let it in) until it ends, and its telemetry names the route.
   */
  const contextOf = (route: string, admission: Admission | undefined, started: { turn: boolean }): HandlerContext => {
    if (!admission && telemetry.length === 0) return context;
    return {
      ...context,
      runChain(name, messages, signal, runOptions = {}) {
        const events = startTurn(name, messages, signal, runOptions, route, started.turn ? undefined : admission);
        started.turn = true;
        return events;
      },
    };
  };

  const guard = createGuard(config, {
    logger,
    now: () => clock.now(),
    leaseMs: Math.max(...[...chains.values()].map((chain) => chain.deadlineMs)) + LEASE_MARGIN_MS,
  });

  for (const each of telemetry) each.attach?.({ breakers: () => breakers.states() });

  const health = async (): Promise<HealthReport> => ({
    ok: true,
    protocol: PROTOCOL_VERSION,
    chains: chainNames,
    defaultChain,
    breakers: await breakers.states(),
  });

  const routes = new Map<string, Route>([
    [`${basePath}/cascade`, { methods: ['POST'], handle: handleCascade }],
    // Open to load balancers and uptime checks without credentials (host and origin still checked).
    [
      `${basePath}/health`,
      { methods: ['GET', 'HEAD'], handle: async () => jsonResponse(await health()), guard: 'open' },
    ],
    // The OpenAI-compatible gateway: the request's `model` names a chain, its final lane answers.
    ['/v1/chat/completions', { methods: ['POST'], handle: handleChatCompletions }],
    ...modelsRoutes(chainNames, Math.floor(Date.now() / 1000)),
    ...Object.entries(options.routes ?? {}),
  ]);

  const handler = async (request: Request): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return routeError(new HttpError(400, 'invalid_request', 'The request URL is malformed.', 'url'), '');
    }
    const pathname = url.pathname;
    const route = routes.get(pathname);
    let cors: Record<string, string> | undefined;
    let admission: Admission | undefined;
    const started = { turn: false };
    try {
      cors = guard.door(request, url);
      if (!route) throw new HttpError(404, 'not_found', `No route ${pathname}.`);
      if (cors && request.method === 'OPTIONS' && !route.methods.includes('OPTIONS')) {
        return guard.cors.preflight(request, cors, route.methods);
      }
      if (!route.methods.includes(request.method)) {
        throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed on ${pathname}.`, undefined, {
          allow: route.methods.join(', '),
        });
      }
      const entry = await guard.enter(request, route.guard ?? 'turn');
      if (entry instanceof Response) return withHeaders(entry, cors);
      admission = entry;
      const response = await route.handle(request, contextOf(pathname, admission, started));
      return withHeaders(response, cors);
    } catch (error) {
      if (error instanceof HttpError) return withHeaders(routeError(error, pathname), cors);
      if (clientWentAway(request, error)) {
        logger.debug?.('cascadekit: the client went away before its request was read', { path: pathname });
      } else logger.error('cascadekit: request failed', { path: pathname, error: String(error) });
      return withHeaders(
        routeError(new HttpError(500, 'internal', 'The server could not handle this request.'), pathname),
        cors,
      );
    } finally {
      if (admission && !started.turn) admission.release();
    }
  };

  return Object.assign(handler, {
    matches: (pathname: string) => routes.has(pathname),
    paths: [...routes.keys()],
    health,
  });
}
