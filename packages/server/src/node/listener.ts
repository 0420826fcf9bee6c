import type { IncomingMessage, ServerResponse } from 'node:http';
import { abortIncoming, incomingRequest } from './request.js';
import { requestTargetProblem, type TargetProblem, targetPathname } from './request-target.js';
import { DEFAULT_WRITER_SLOW_CLIENT_MS, writeResponse } from './write-response.js';

/** Any web-standard handler; a `CascadeHandler` also tells which paths it owns. */
export type WebHandler = ((request: Request) => Promise<Response>) & { matches?: (pathname: string) => boolean };

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

function failed(error: unknown, res: ServerResponse, next: ((error?: unknown) => void) | undefined): void {
  if (next) {
    next(error);
    return;
  }
  if (!res.headersSent) {
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'The server could not handle this request.' } }));
  } else res.destroy();
}

/** 400 for a request whose target or Host cannot make a URL; the connection closes after it. */
function badTarget(problem: TargetProblem, res: ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'invalid_request', message: problem.message, field: problem.field } });
  res.writeHead(400, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}

/**
 * Adapts a web-standard handler to `node:http` and connect-style middleware. The handler gets a
 * standard `Request` (built lazily: see `incomingRequest`) whose signal aborts when the client
 * disconnects (the response closes before it finished), which aborts every upstream request of
 * the turn. Every `Response` is written by one writer with one back-pressure rule (see
 * `writeResponse`). As middleware, paths the handler does not own go to `next()`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from '@cascadekit/server/node';
 * createServer(toNodeListener(handler)).listen(8787);
 * // or, in Vite / Express: server.middlewares.use(toNodeListener(handler));
 * ```
 */
export function toNodeListener(handler: WebHandler, options: NodeListenerOptions = {}): NodeListener {
  const match = options.match ?? handler.matches;
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
    if (next && match && !match(targetPathname(req.url ?? '/'))) {
      next();
      return;
    }
    const request = incomingRequest(req);
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
