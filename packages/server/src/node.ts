import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChunkQueue } from './http/byte-batches.js';
import { ACCEPTS_DIRECT, DIRECT, type DirectRequest } from './http/direct.js';
import { type TextBodySource, textBodyOf } from './http/text-body.js';

export { createNodeFetch, type NodeFetchOptions, nodeFetch } from './node-fetch.js';

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
}

function toHeaders(req: IncomingMessage): Headers | Record<string, string> {
  const incoming = req.headers;
  // Node joins repeated headers into one string except `set-cookie`; a plain record of strings
  // is cheaper for `Request` to take in than a `Headers` filled one call at a time.
  let plain = true;
  for (const name in incoming) {
    if (typeof incoming[name] !== 'string') {
      plain = false;
      break;
    }
  }
  if (plain) return incoming as Record<string, string>;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/** The request body as a web stream that pauses the socket under back-pressure and, once cancelled, discards the rest. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      req.once('error', (error) => {
        if (finished) return;
        finished = true;
        controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      finished = true;
      req.resume(); // drain and discard; the response (e.g. 413) can still be written
    },
  });
}

/** Unread request bytes past which the socket is paused. */
const BODY_HIGH_WATER_MARK = 64 * 1024;

/** The request body as {@link ByteBatches} for a direct request (see http/direct.ts). */
class IncomingBody extends ChunkQueue {
  private paused = false;

  constructor(private readonly req: IncomingMessage) {
    super();
    req.on('data', (chunk: Buffer) => {
      if (this.closed) return; // cancelled: drained and dropped
      this.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (this.unread >= BODY_HIGH_WATER_MARK && !this.paused) {
        this.paused = true;
        req.pause();
      }
    });
    req.once('end', () => this.close());
    // As a web stream errors: what was not read yet is dropped.
    req.once('error', (error) => this.fail(error));
  }

  protected override afterRead(): void {
    if (!this.paused) return;
    this.paused = false;
    this.req.resume();
  }

  cancel(): void {
    // Drain and discard the rest; the response (e.g. 413) can still be written.
    this.discard();
    this.close();
    this.req.resume();
  }
}

function requestUrl(req: IncomingMessage): string | URL {
  const host = req.headers.host ?? 'localhost';
  const path = req.url ?? '/';
  // A plain path joins the origin as a string; anything else (`//x`, absolute URLs) resolves as before.
  return path.startsWith('/') && !path.startsWith('//') && !host.includes('/')
    ? `http://${host}${path}`
    : new URL(path, `http://${host}`);
}

/**
 * A request for a `CascadeHandler`: no signal to follow and no body stream (both cost more than
 * the rest of the `Request`); the client signal and the socket's bytes ride along under `DIRECT`.
 */
function toDirectRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const method = req.method ?? 'GET';
  const request = new Request(requestUrl(req), { method, headers: toHeaders(req) });
  const direct: DirectRequest = {
    signal,
    body: method !== 'GET' && method !== 'HEAD' ? new IncomingBody(req) : undefined,
  };
  Object.defineProperty(request, DIRECT, { value: direct });
  return request;
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers: toHeaders(req), signal };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(requestUrl(req), init);
}

/** Most bytes gathered from one tick of the body before they are written anyway. */
const GATHER_MAX_BYTES = 64 * 1024;

function writeHead(response: Response, res: ServerResponse): void {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
}

/**
 * Writes a body cascadekit produced as text straight to `res`, without its web stream. Same
 * bytes and the same writes as {@link writeResponse}: the head leaves with the first text of
 * this turn, and the text of one tick is gathered into one write, the last with the end.
 */
function writeText(source: TextBodySource, res: ServerResponse, signal: AbortSignal): Promise<void> | undefined {
  let pending = '';
  let scheduled = false;
  let ended = false;
  let flush: NodeJS.Immediate | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const writePending = () => {
    scheduled = false;
    if (pending === '' || res.writableEnded || res.destroyed) return;
    const data = pending;
    pending = '';
    res.write(data);
  };
  const stop = () => {
    if (ended) return;
    ended = true;
    source.cancel();
    if (flush !== undefined) clearImmediate(flush);
    if (!res.writableEnded) res.destroy();
    finish();
  };
  const opened = source.open({
    write(text) {
      if (ended) return;
      if (flush !== undefined) {
        clearImmediate(flush);
        flush = undefined;
      }
      pending += text;
      // Characters stand in for bytes here: the limit only bounds what one write gathers.
      if (pending.length >= GATHER_MAX_BYTES) writePending();
      else if (!scheduled) {
        scheduled = true;
        process.nextTick(writePending);
      }
    },
    end() {
      if (ended) return;
      ended = true;
      if (flush !== undefined) clearImmediate(flush);
      signal.removeEventListener('abort', stop);
      if (!res.writableEnded && !res.destroyed) {
        // The last gathered text and the end of the body leave together.
        const data = pending;
        pending = '';
        if (data === '') res.end();
        else res.end(data);
      }
      finish();
    },
  });
  if (!opened) return undefined;
  if (!ended) {
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    if (pending === '' && !ended) {
      // Nothing in this turn: flush the head so an SSE client sees it promptly.
      flush = setImmediate(() => {
        flush = undefined;
        if (!res.destroyed) res.flushHeaders();
      });
    }
  }
  return done;
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  // A text body of cascadekit's own (a direct response has no web stream at all).
  const text = response.body === null || !response.body.locked ? textBodyOf(response) : undefined;
  writeHead(response, res);
  if (text) {
    const written = writeText(text, res, signal);
    if (written) return written;
  }
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel(signal.reason).catch(() => {});
  };
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  // The head leaves with the first chunk when that is ready in this turn of the event loop (one
  // write, not two); otherwise it is flushed right after, so an SSE client sees it promptly.
  let flush: NodeJS.Immediate | undefined = setImmediate(() => {
    flush = undefined;
    if (!res.destroyed) res.flushHeaders();
  });
  // Chunks the body yields in one tick are gathered and leave as one chunk once the microtasks
  // have run: one write and one chunk header instead of one per token.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  const take = (): Uint8Array | undefined => {
    if (pending.length === 0) return undefined;
    const data = pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return data;
  };
  const writePending = (): boolean => {
    const data = take();
    return data === undefined || res.write(data);
  };
  const flushPending = () => {
    scheduled = false;
    if (!res.writableEnded && !res.destroyed) writePending();
  };
  const drained = () =>
    new Promise<void>((resolve) => {
      const go = () => {
        res.off('drain', go);
        res.off('close', go);
        resolve();
      };
      res.on('drain', go);
      res.on('close', go);
    });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (flush !== undefined) {
        clearImmediate(flush);
        flush = undefined;
      }
      if (!(value instanceof Uint8Array)) {
        // not bytes (a handler off the standard): written as it comes, as `res.write` takes it
        writePending();
        if (!res.write(value)) await drained();
      } else {
        pending.push(value);
        pendingBytes += value.byteLength;
        if (pendingBytes >= GATHER_MAX_BYTES || res.writableNeedDrain) {
          if (!writePending()) await drained();
        } else if (!scheduled) {
          scheduled = true;
          process.nextTick(flushPending);
        }
      }
      if (signal.aborted) break;
    }
  } catch {
    // the body failed or was cancelled: the client goes away with what it got
  } finally {
    if (flush !== undefined) clearImmediate(flush);
    signal.removeEventListener('abort', cancel);
    if (!res.writableEnded && !signal.aborted) {
      // The last gathered chunk and the end of the body leave together.
      const data = take();
      if (data === undefined || res.destroyed) res.end();
      else res.end(data);
    } else if (!res.writableEnded) res.destroy();
  }
}

/**
 * Adapts a web-standard handler to `node:http` and connect-style middleware. The `Request`'s
 * signal aborts when the client disconnects (the response closes before it finished), which
 * aborts every upstream request of the turn. As middleware, paths the handler does not own go
 * to `next()`.
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
  const direct = (handler as WebHandler & { [ACCEPTS_DIRECT]?: true })[ACCEPTS_DIRECT] === true;
  return (req, res, next) => {
    if (next && match && !match(new URL(req.url ?? '/', 'http://localhost').pathname)) {
      next();
      return;
    }
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new DOMException('The client disconnected.', 'AbortError'));
    });
    (async () => {
      const request = direct ? toDirectRequest(req, controller.signal) : toRequest(req, controller.signal);
      const response = await handler(request);
      await writeResponse(response, res, controller.signal);
    })().catch((error: unknown) => {
      if (next) {
        next(error);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'The server could not handle this request.' } }));
      } else res.destroy();
    });
  };
}

/** A running Node server from {@link serveNode}. */
export interface NodeServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** Stops accepting, closes open connections (streams included) and resolves when closed. */
  close(): Promise<void>;
}

/**
 * Serves a handler on `node:http`, on the loopback interface unless told otherwise.
 *
 * @example
 * ```ts
 * const { url, close } = await serveNode(handler, { port: 8787 });
 * console.log(`cascade server on ${url}`);
 * ```
 */
export function serveNode(handler: WebHandler, options: { port?: number; host?: string } = {}): Promise<NodeServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(toNodeListener(handler));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port,
        url: `http://${shown}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
