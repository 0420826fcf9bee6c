import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyConsumedError, leftByParser } from './incoming-body.js';
import { placeRequest } from './mount.js';
import { abortIncoming, incomingRequest, requestUrl } from './request.js';
import { requestTargetProblem, type TargetProblem } from './request-target.js';
import { DEFAULT_WRITER_SLOW_CLIENT_MS, writeResponse } from './write-response.js';

/** Any web-standard handler; a `CascadeHandler` also tells which paths it owns. */
export type WebHandler = ((request: Request) => Promise<Response>) & {
  matches?: (pathname: string) => boolean;
  /** Every path the handler answers: tells a mount where it has no route (a wrong mount). */
  paths?: readonly string[];
};

/** A `node:http` request listener that doubles as connect-style middleware (Express, Vite, Connect). */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Which paths the handler answers when used as middleware; others go to `next()`.
   * Default: the handler's own `matches` (a `CascadeHandler` knows its routes), else every path.
   */
  match?: (pathname: string) => boolean;
  /**
   * A client that takes none of an answer for this long while its socket is full is
   * disconnected (its turn and upstream calls are cancelled), ms. Default 10 000.
   */
  slowClientMs?: number;
}

/** A JSON error in the handler's shape, `{"error":{"code","message","field"?}}`. */
function answerError(
  res: ServerResponse,
  status: number,
  error: { code: string; message: string; field?: string },
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error }));
}

function failed(error: unknown, res: ServerResponse, next: ((error?: unknown) => void) | undefined): void {
  if (next) next(error);
  else answerError(res, 500, { code: 'internal', message: 'The server could not handle this request.' });
}

/**
 * A host setup that cannot work (a body parser that left no body, a mount without routes): a
 * 500 whose message names the fix, also logged once per listener, since the developer reads the
 * server's console rather than the browser's network tab.
 */
function misconfigured(res: ServerResponse, code: string, message: string, logged: Set<string>): void {
  if (!logged.has(code)) {
    logged.add(code);
    console.error(`cascadekit: ${message}`);
  }
  answerError(res, 500, { code, message });
}

function wrongMount(mount: string, paths: readonly string[]): string {
  return (
    `toNodeListener(handler) is mounted at ${mount}, where the handler has no route (its routes: ` +
    `${paths.join(', ')}). Mount it where its routes are (app.use(toNodeListener(handler)), or ` +
    `app.use('/api', toNodeListener(handler)) for the default basePath '/api'), or set basePath: '${mount}'.`
  );
}

/** 400 for a request whose target or Host cannot make a URL; the connection closes after it. */
function badTarget(problem: TargetProblem, res: ServerResponse): void {
  answerError(res, 400, { code: 'invalid_request', ...problem }, { connection: 'close' });
}

/**
 * Adapts a web-standard handler to `node:http` and connect-style middleware. The handler gets a
 * standard `Request` (built lazily: see `incomingRequest`) whose signal aborts when the client
 * disconnects (the response closes before it finished), which aborts every upstream request of
 * the turn. Every `Response` is written by one writer with one back-pressure rule (see
 * `writeResponse`). As middleware, paths the handler does not own go to `next()`.
 *
 * Behind Express, Connect and Fastify: mounted under a path (`app.use('/api', listener)`), the
 * handler still sees the whole path (`req.originalUrl`), so its routes keep their `basePath`;
 * behind a body parser that read the body first (`express.json()`), the body is the parsed one
 * (`req.body`); a setup that cannot work (no body left, a mount where the handler has no route)
 * answers 500 with a JSON error naming the fix.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from '@cascadekit/server/node';
 * createServer(toNodeListener(handler)).listen(8787);
 * // or, in Vite / Express: server.middlewares.use(toNodeListener(handler));
 * // app.use('/api', toNodeListener(handler)); // Express, behind express.json() too
 * ```
 */
export function toNodeListener(handler: WebHandler, options: NodeListenerOptions = {}): NodeListener {
  const match = options.match ?? handler.matches;
  const logged = new Set<string>();
  const slowClientMs = options.slowClientMs ?? DEFAULT_WRITER_SLOW_CLIENT_MS;
  return (req, res, next) => {
    // A malformed target or Host never reaches a handler: as middleware it is the framework's
    // to answer, on its own the adapter answers 400.
    const problem = requestTargetProblem(req);
    if (problem) {
      if (next) next();
      else badTarget(problem, res);
      return;
    }
    const place = placeRequest(req, { middleware: next !== undefined, match, paths: handler.paths });
    if (place.to === 'next') {
      next?.();
      return;
    }
    if (place.to === 'wrong-mount') {
      misconfigured(res, 'wrong_mount', wrongMount(place.mount, place.paths), logged);
      return;
    }
    const left = leftByParser(req);
    if (left instanceof BodyConsumedError) {
      misconfigured(res, left.code, left.message, logged);
      return;
    }
    const request = incomingRequest(req, requestUrl(req, place.path));
    res.once('close', () => {
      if (!res.writableFinished) abortIncoming(request, new DOMException('The client disconnected.', 'AbortError'));
    });
    let answer: Promise<Response>;
    try {
      answer = handler(request);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer
      .then(
        (response) => writeResponse(response, res, slowClientMs),
        (error: unknown) => failed(error, res, next),
      )
      .catch(() => res.destroy());
  };
}
