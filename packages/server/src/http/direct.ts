/**
 * Internal: how `toNodeListener` and a `CascadeHandler` skip the web objects they would only
 * build for each other. A plain handler gets a standard `Request`: its signal follows the
 * client and its body is a web stream. A `CascadeHandler` (branded with {@link ACCEPTS_DIRECT})
 * gets a `Request` without either, the client signal and the socket's bytes riding along under
 * {@link DIRECT}; its own routes read them there, and the text bodies it answers with need no
 * web stream (the adapter reads them through `TEXT_BODY`). Routes added through `options.routes`
 * get the standard `Request` rebuilt ({@link standardRequest}).
 */
import type { ByteBatches } from './byte-batches.js';

/** What rides along a direct `Request`. */
export interface DirectRequest {
  /** Aborts when the client disconnects (the `Request`'s own signal never does). */
  signal: AbortSignal;
  /** The request body from the socket; `undefined` for GET and HEAD. */
  body: ByteBatches | undefined;
}

/** Registered, so the main entry and `./node` agree on them even when bundled apart. */
export const DIRECT: unique symbol = Symbol.for('cascadekit.direct') as never;
export const ACCEPTS_DIRECT: unique symbol = Symbol.for('cascadekit.acceptsDirect') as never;

/** The direct parts of `request`, when the Node adapter made it for a `CascadeHandler`. */
export function directOf(request: Request): DirectRequest | undefined {
  return (request as Request & { [DIRECT]?: DirectRequest })[DIRECT];
}

/** The signal that aborts when the client goes away. */
export function clientSignal(request: Request): AbortSignal {
  return directOf(request)?.signal ?? request.signal;
}

/** `request` as any code expects it: a direct one is rebuilt with its signal and a body stream. */
export function standardRequest(request: Request): Request {
  const direct = directOf(request);
  if (!direct) return request;
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: request.headers,
    signal: direct.signal,
  };
  const bytes = direct.body;
  if (bytes) {
    init.body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunks = await bytes.read();
        if (chunks === null) controller.close();
        else for (const chunk of chunks) controller.enqueue(chunk);
      },
      cancel() {
        bytes.cancel();
      },
    });
    init.duplex = 'half';
  }
  return new Request(request.url, init);
}
