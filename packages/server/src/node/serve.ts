import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener, type WebHandler } from './listener.js';

/** A running Node server from {@link serveNode}. */
export interface NodeServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** Stops accepting, closes open connections (streams included) and resolves when closed. */
  close(): Promise<void>;
}

/** Options of {@link serveNode}; every limit has a safe default (Node's own are far looser). */
export interface ServeNodeOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`: this machine only. */
  host?: string;
  /** Most time a client may take to send a request's headers, ms (408 past it). Default 10 000 (Node: 60 000). */
  headersTimeout?: number;
  /** Most time a client may take to send a whole request, body included, ms (408 past it); not the answer's time. Default 30 000 (Node: 300 000). 0: none. */
  requestTimeout?: number;
  /** How long an idle keep-alive connection stays open, ms. Default 5 000 (Node's). */
  keepAliveTimeout?: number;
  /** Open connections at most; further ones are closed at once. Default 512 (Node: no limit). */
  maxConnections?: number;
  /** Largest request head (request line and headers), bytes (431 past it). Default 16 384 (Node's). */
  maxHeaderSize?: number;
  /**
   * Largest request body a client may declare, bytes: a larger `Content-Length` gets 413 before
   * the handler runs (and before `100 Continue`). A body without a length is held to the
   * handler's own limit (the cascade handler's `maxBodyBytes`). Default 1 MiB.
   */
  maxBodyBytes?: number;
  /**
   * A client that takes none of an answer for this long while its socket is full is
   * disconnected, ms; its turn and upstream calls are cancelled. Default 10 000 (Node: none).
   */
  slowClientMs?: number;
}

/** The defaults of {@link ServeNodeOptions}. */
export const SERVE_NODE_DEFAULTS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 512,
  maxHeaderSize: 16 * 1024,
  maxBodyBytes: 1024 * 1024,
  slowClientMs: 10_000,
} as const satisfies Required<Omit<ServeNodeOptions, 'port' | 'host'>>;

function tooLarge(res: ServerResponse, maxBodyBytes: number): void {
  const message = `The request body is larger than ${maxBodyBytes} bytes.`;
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(JSON.stringify({ error: { code: 'payload_too_large', message } }));
}

const declaredOver = (req: IncomingMessage, max: number) => Number(req.headers['content-length'] ?? 0) > max;

/**
 * Serves a handler on `node:http`, on the loopback interface unless told otherwise, with limits
 * that keep a slow or greedy client from holding the server: see {@link ServeNodeOptions}.
 * Malformed request targets and `Host` headers get 400 and never reach the handler.
 *
 * @example
 * ```ts
 * const { url, close } = await serveNode(handler, { port: 8787, requestTimeout: 15_000 });
 * console.log(`cascade server on ${url}`);
 * ```
 */
export function serveNode(handler: WebHandler, options: ServeNodeOptions = {}): Promise<NodeServer> {
  const host = options.host ?? '127.0.0.1';
  const limits = { ...SERVE_NODE_DEFAULTS, ...withoutUndefined(options) };
  const listener = toNodeListener(handler, { slowClientMs: limits.slowClientMs });
  const timeouts = [limits.headersTimeout, limits.requestTimeout].filter((ms) => ms > 0);
  const server = createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      maxHeaderSize: limits.maxHeaderSize,
      // Node looks for expired heads and bodies every 30 s by default, so a 10 s limit could
      // hold for 40 s: look four times per limit, at most once a second.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(...timeouts, 4000) / 4))),
    },
    (req, res) => {
      if (declaredOver(req, limits.maxBodyBytes)) tooLarge(res, limits.maxBodyBytes);
      else listener(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
  // `Expect: 100-continue`: refuse an oversized body before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (declaredOver(req, limits.maxBodyBytes)) return tooLarge(res, limits.maxBodyBytes);
    res.writeContinue();
    server.emit('request', req, res);
  });
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

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
