import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { bodyUnusable, incomingStream, readIncoming } from './incoming-body.js';

/**
 * The `Request` the Node adapter hands a handler (the @hono/node-server model): an object whose
 * prototype is `Request.prototype`, so it is `instanceof Request` and reads like one, but whose
 * costly parts are built on first use. `method` and `url` come from the `IncomingMessage`;
 * `headers` and `signal` are built when read; `text()`, `json()`, `arrayBuffer()`, `bytes()`
 * and `blob()` read the socket directly, without a web stream; anything else (`body`, `clone()`,
 * `formData()`, `cache`, …) is answered by a real `Request` built then, with the body as a web
 * stream and the same signal. One limit: `new Request(request)` needs a real one (undici reads
 * its private state), so a wrapper that derives a request uses `request.clone()` or
 * `new Request(request.url, request)`.
 */
class IncomingRequest {
  readonly #req: IncomingMessage;
  readonly #url: string;
  readonly #method: string;
  #headers: Headers | undefined;
  #controller: AbortController | undefined;
  /** Why the client went away, when that happened before anyone asked for the signal. */
  #abortReason: { reason: unknown } | undefined;
  #real: Request | undefined;
  /** The body was read through the direct readers (text(), json() …). */
  #readDirectly = false;

  constructor(req: IncomingMessage) {
    this.#req = req;
    this.#method = req.method ?? 'GET';
    this.#url = requestUrl(req);
  }

  get method(): string {
    return this.#method;
  }

  get url(): string {
    return this.#url;
  }

  get headers(): Headers {
    if (this.#headers) return this.#headers;
    // Pairs as they came: repeated headers (set-cookie included) stay apart.
    const raw = this.#req.rawHeaders;
    const headers = new Headers();
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i] as string;
      if (name.charCodeAt(0) !== 0x3a /* ':' (HTTP/2 pseudo-headers) */) headers.append(name, raw[i + 1] as string);
    }
    this.#headers = headers;
    return headers;
  }

  /** Aborts when the client goes away before the response finished. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#abortReason) this.#controller.abort(this.#abortReason.reason);
    }
    return this.#controller.signal;
  }

  get body(): ReadableStream<Uint8Array> | null {
    const body = IncomingRequest.real(this).body;
    // Read directly already: used up, and a used-up body is locked.
    if (this.#readDirectly && body && !body.locked) body.getReader();
    return body;
  }

  get bodyUsed(): boolean {
    return this.#readDirectly || (this.#real?.bodyUsed ?? false);
  }

  text(): Promise<string> {
    return this.#read('text', (bytes) => bytes.toString('utf8'));
  }

  json(): Promise<unknown> {
    return this.#read('json', (bytes) => JSON.parse(bytes.toString('utf8')));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read('arrayBuffer', (bytes) => toArrayBuffer(bytes));
  }

  bytes(): Promise<Uint8Array> {
    return this.#read('bytes', (bytes) => new Uint8Array(toArrayBuffer(bytes)));
  }

  blob(): Promise<Blob> {
    return this.#read('blob', (bytes) => {
      const type = this.headers.get('content-type');
      return new Blob([toArrayBuffer(bytes)], type ? { type } : {});
    });
  }

  clone(): Request {
    if (this.#readDirectly) throw bodyUnusable();
    return IncomingRequest.real(this).clone();
  }

  formData(): Promise<FormData> {
    if (this.#readDirectly) return Promise.reject(bodyUnusable());
    return IncomingRequest.real(this).formData();
  }

  /** A body read that skips the web stream unless a real request exists already. */
  #read<T>(method: 'text' | 'json' | 'arrayBuffer' | 'bytes' | 'blob', from: (bytes: Buffer) => T): Promise<T> {
    if (this.#real) return this.#real[method]() as Promise<T>;
    if (this.#readDirectly) return Promise.reject(bodyUnusable());
    if (this.#method === 'GET' || this.#method === 'HEAD') return IncomingRequest.real(this)[method]() as Promise<T>;
    this.#readDirectly = true;
    return readIncoming(this.#req).then(from);
  }

  /** The socket's remote address of a request of this class, else `undefined`. */
  static address(request: unknown): string | undefined {
    return typeof request === 'object' && request !== null && #req in request
      ? (request as IncomingRequest).#req.socket?.remoteAddress
      : undefined;
  }

  /** The client went away: the signal aborts now, or is born aborted. */
  static abort(request: IncomingRequest, reason: unknown): void {
    if (request.#controller) request.#controller.abort(reason);
    else request.#abortReason ??= { reason };
  }

  /** The real `Request` behind everything this object does not answer itself, built once. */
  static real(request: IncomingRequest): Request {
    if (request.#real) return request.#real;
    const method = request.#method;
    const init: RequestInit & { duplex?: 'half' } = { method, headers: request.headers, signal: request.signal };
    if (method !== 'GET' && method !== 'HEAD') {
      init.body = request.#readDirectly ? empty() : incomingStream(request.#req);
      init.duplex = 'half';
    }
    request.#real = new Request(request.#url, init);
    return request.#real;
  }
}

// Everything else a Request has (`cache`, `mode`, `redirect` …) comes from the real request.
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === 'constructor' || Object.hasOwn(IncomingRequest.prototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name);
  if (!descriptor) continue;
  if (descriptor.get) {
    Object.defineProperty(IncomingRequest.prototype, name, {
      get(this: IncomingRequest) {
        return IncomingRequest.real(this)[name as keyof Request];
      },
    });
  } else if (typeof descriptor.value === 'function') {
    Object.defineProperty(IncomingRequest.prototype, name, {
      value(this: IncomingRequest, ...args: unknown[]) {
        const real = IncomingRequest.real(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return real[name]?.(...args);
      },
    });
  }
}
Object.setPrototypeOf(IncomingRequest.prototype, Request.prototype);

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The body of a request whose bytes were read directly already. */
function empty(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close();
    },
  });
}

function requestUrl(req: IncomingMessage): string {
  const scheme = (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  const path = req.url ?? '/';
  // A path (`//x` included: a path, not a host) joins the origin as a string; an absolute-form
  // target is the URL itself. The adapter has checked both before (see request-target.ts).
  return path.startsWith('/') ? `${scheme}://${host}${path}` : new URL(path, `${scheme}://${host}`).href;
}

/** The adapter's `Request` for `req` (see {@link IncomingRequest}). */
export function incomingRequest(req: IncomingMessage): Request {
  return new IncomingRequest(req) as unknown as Request;
}

/** Aborts the signal of a request from {@link incomingRequest}: its client went away. */
export function abortIncoming(request: Request, reason: unknown): void {
  IncomingRequest.abort(request as unknown as IncomingRequest, reason);
}

/**
 * The address a request from the Node adapter came from (its socket's remote address), for
 * `authorize` to key limits on when there is no account: `undefined` for any other request.
 * Behind a reverse proxy this is the proxy's address; read the client's from the header your
 * proxy sets (e.g. `X-Forwarded-For`), and only from proxies you trust.
 *
 * @example
 * ```ts
 * createCascadeHandler({ chains, authorize: (request) => clientAddress(request) ?? 'unknown', limits: { turns: { max: 20, windowMs: 60_000 } } });
 * ```
 */
export function clientAddress(request: Request): string | undefined {
  return IncomingRequest.address(request);
}
