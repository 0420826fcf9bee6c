import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BYTE_BATCHES, type ByteBatches, ChunkQueue, LEAN_FETCH } from './http/byte-batches.js';

/** Options of {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /** Agent of `http:` calls. Default: a keep-alive agent of this fetch. */
  httpAgent?: HttpAgent;
  /** Agent of `https:` calls. Default: a keep-alive agent of this fetch. */
  httpsAgent?: HttpsAgent;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);
const MAX_REDIRECTS = 20;
/** Bytes the body may buffer before the socket is paused: pausing after every chunk costs a tick each. */
const BODY_HIGH_WATER_MARK = 64 * 1024;

type Body = string | Uint8Array | undefined;

/** The error `fetch` (undici) rejects with for a failed connection: a `TypeError` whose cause says why. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function toBody(body: unknown): Body | null {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return null; // streams, Blob, FormData, URLSearchParams: left to the global fetch
}

function toHeaderRecord(init: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!init) return headers;
  if (init instanceof Headers) {
    init.forEach((value, name) => {
      headers[name] = value;
    });
  } else if (Array.isArray(init)) {
    for (const [name, value] of init as [string, string][]) {
      const key = name.toLowerCase();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
  } else {
    for (const [name, value] of Object.entries(init)) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * A response's bytes, read in batches (see {@link ByteBatches}): every chunk that arrived since
 * the last read at once. Past {@link BODY_HIGH_WATER_MARK} unread bytes the socket is paused.
 * `abort(reason)` errors it at once, dropping what is unread (as an aborted fetch body does).
 */
class NodeBody extends ChunkQueue {
  /** Errors the web stream at once when that is the reader (web streams drop what they queued). */
  onError: ((reason: unknown) => void) | undefined;

  constructor(
    private readonly res: IncomingMessage,
    private readonly source: Readable,
    private readonly release: () => void,
    signal: AbortSignal | undefined,
  ) {
    super();
    source.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      this.push(chunk); // a Buffer is a Uint8Array; `body` readers get plain views (bodyStream)
      if (this.unread >= BODY_HIGH_WATER_MARK) source.pause();
    });
    source.once('end', () => {
      if (this.closed) return;
      this.close();
      this.release();
    });
    const fail = (cause: unknown) => {
      // As undici does: a body cut off by the peer errors with `TypeError: terminated`.
      this.abort(
        signal?.aborted
          ? signal.reason
          : new TypeError('terminated', { cause: cause ?? new Error('other side closed') }),
      );
    };
    source.on('error', fail);
    if (source !== res) res.on('error', fail);
    // A reset can close the message without an 'error' event; an incomplete close is a failure too.
    res.once('close', () => {
      if (!res.complete) fail(undefined);
    });
  }

  protected override afterRead(): void {
    this.source.resume();
  }

  cancel(): void {
    this.discard();
    if (this.closed) return; // over already: nothing to release, as cancelling a closed stream does nothing
    this.close();
    this.release();
    this.res.destroy();
  }

  abort(reason: unknown): void {
    if (this.closed) return;
    this.fail(reason);
    this.release();
    this.onError?.(reason);
  }
}

/**
 * `response.body` over a {@link NodeBody}: back-pressure pauses the socket, cancel destroys it.
 * It pulls only when read, so `takeByteBatches` can claim the body instead until then.
 */
function bodyStream(body: NodeBody, claim: () => boolean): ReadableStream<Uint8Array> {
  let mine = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!mine) {
          if (!claim()) throw new TypeError('The body was read already.');
          mine = true;
          body.onError = (reason) => controller.error(reason);
        }
        const batch = await body.read();
        if (batch === null) controller.close();
        else {
          for (const chunk of batch) {
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          }
        }
      },
      cancel() {
        if (mine || claim()) body.cancel();
      },
    },
    { highWaterMark: 0 },
  );
}

function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  // Flush modes as undici: tolerate bodies that end without the final block.
  const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip(lenient));
  if (encoding === 'deflate') return res.pipe(createInflate(lenient));
  if (encoding === 'br') {
    return res.pipe(
      createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        finishFlush: constants.BROTLI_OPERATION_FLUSH,
      }),
    );
  }
  return res;
}

/**
 * Creates a `fetch` built on `node:http`/`node:https` with keep-alive agents, for the server's
 * upstream calls. It covers what model APIs need (string or byte bodies, streamed responses,
 * redirects, gzip/deflate/br) and hands anything else (a `Request` input, stream or form
 * bodies, other protocols) to the global `fetch`. Failures look like the global `fetch`'s: a
 * `TypeError('fetch failed')` with the socket error as `cause`, a body cut off mid-stream errors
 * with `TypeError('terminated')`, and an abort rejects with (or errors the body with) the
 * signal's reason and destroys the socket at once.
 *
 * @example
 * ```ts
 * import { createNodeFetch } from '@cascadekit/server/node';
 * import { Agent } from 'node:https';
 * const fetch = createNodeFetch({ httpsAgent: new Agent({ keepAlive: true, maxSockets: 64 }) });
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const httpAgent = options.httpAgent ?? new HttpAgent({ keepAlive: true });
  const httpsAgent = options.httpsAgent ?? new HttpsAgent({ keepAlive: true });

  const send = (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Body,
    init: RequestInit,
    redirects: number,
    lean: boolean,
  ): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const outgoing: OutgoingHttpHeaders = { ...headers };
      if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: outgoing,
        agent: secure ? httpsAgent : httpAgent,
      });
      let res: IncomingMessage | undefined;
      let abortBody: ((reason: unknown) => void) | undefined;
      let settled = false;
      const onAbort = () => {
        abortBody?.(signal?.reason);
        // Destroying the request destroys its socket, so the upstream sees the close at once.
        req.destroy();
        res?.destroy();
        if (!settled) {
          settled = true;
          reject(signal?.reason);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => {
        if (settled) return; // after the head, the body stream reports failures
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(fetchFailed(error));
      });
      req.on('response', (incoming) => {
        res = incoming;
        settled = true;
        const status = incoming.statusCode ?? 0;
        const location = incoming.headers.location;
        if (REDIRECTS.has(status) && location !== undefined && init.redirect !== 'manual') {
          incoming.resume(); // discard the redirect's body, keep the socket reusable
          signal?.removeEventListener('abort', onAbort);
          if (init.redirect === 'error' || redirects >= MAX_REDIRECTS) {
            reject(
              fetchFailed(new Error(init.redirect === 'error' ? 'unexpected redirect' : 'redirect count exceeded')),
            );
            return;
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch (error) {
            reject(fetchFailed(error));
            return;
          }
          let nextMethod = method;
          let nextBody = body;
          const nextHeaders = { ...headers };
          // The fetch standard's rules: 303 (and 301/302 after a POST) turn into a GET without a body.
          if (
            (status === 303 && method !== 'GET' && method !== 'HEAD') ||
            ((status === 301 || status === 302) && method === 'POST')
          ) {
            nextMethod = 'GET';
            nextBody = undefined;
            for (const name of ['content-type', 'content-encoding', 'content-language', 'content-location']) {
              delete nextHeaders[name];
            }
          }
          if (next.origin !== url.origin) {
            for (const name of ['authorization', 'proxy-authorization', 'cookie']) delete nextHeaders[name];
          }
          resolve(send(next, nextMethod, nextHeaders, nextBody, init, redirects + 1, lean));
          return;
        }
        if (status < 200 || status > 599) {
          incoming.destroy();
          signal?.removeEventListener('abort', onAbort);
          reject(fetchFailed(new Error(`unsupported status ${status}`)));
          return;
        }
        const pairs: [string, string][] = [];
        const raw = incoming.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
        let bytes: NodeBody | undefined;
        if (NULL_BODY.has(status) || method === 'HEAD') {
          incoming.resume();
          signal?.removeEventListener('abort', onAbort);
        } else {
          const release = () => signal?.removeEventListener('abort', onAbort);
          const nodeBody = new NodeBody(incoming, decoded(incoming), release, signal);
          bytes = nodeBody;
          abortBody = (reason) => nodeBody.abort(reason);
        }
        let claimed = false;
        const claim = () => {
          if (claimed) return false;
          claimed = true;
          return true;
        };
        const head = { status, statusText: incoming.statusMessage ?? '', headers: pairs };
        // Lean: the caller reads the bytes through the batches only, so no web stream is built.
        const response = new Response(bytes && !lean ? bodyStream(bytes, claim) : null, head);
        // The built-in providers read the bytes in batches instead, when nobody read `body` first.
        if (bytes) {
          const batches = bytes;
          Object.defineProperty(response, BYTE_BATCHES, { value: () => (claim() ? batches : undefined) });
        }
        resolve(response);
      });
      req.end(body);
    });

  const fetchWith = (lean: boolean, input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = toBody(init.body);
    let url: URL | undefined;
    if (typeof input === 'string' || input instanceof URL) {
      try {
        url = new URL(input);
      } catch {
        url = undefined; // the global fetch throws the standard error for it
      }
    }
    const method = (init.method ?? 'GET').toUpperCase();
    if (
      body === null ||
      url === undefined ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      // a GET or HEAD with a body: the global fetch throws its standard TypeError
      (body !== undefined && (method === 'GET' || method === 'HEAD'))
    ) {
      return globalThis.fetch(input, init);
    }
    const headers = toHeaderRecord(init.headers);
    headers.accept ??= '*/*';
    headers['user-agent'] ??= 'node';
    if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return send(url, method, headers, body, init, 0, lean);
  };
  const nodeFetch = (input: string | URL | Request, init?: RequestInit) => fetchWith(false, input, init);
  Object.defineProperty(nodeFetch, LEAN_FETCH, {
    value: (input: string | URL | Request, init?: RequestInit) => fetchWith(true, input, init),
  });
  return nodeFetch as typeof fetch;
}

/**
 * A `fetch` for upstream calls on Node, built on `node:http` with keep-alive agents: cheaper per
 * call than the global `fetch` (undici). Give it to the cascade handler (`fetch: nodeFetch`) or
 * to a provider (`openaiCompatible({ …, fetch: nodeFetch })`). See {@link createNodeFetch}.
 *
 * @example
 * ```ts
 * import { nodeFetch } from '@cascadekit/server/node';
 * const gpt = openaiCompatible({ model: 'gpt-4o-mini', apiKey: process.env.OPENAI_API_KEY, fetch: nodeFetch });
 * ```
 */
export const nodeFetch: typeof fetch = /* @__PURE__ */ createNodeFetch();
