import { createServer, type Server } from 'node:http';
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
