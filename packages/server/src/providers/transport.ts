import { type ByteSource, streamByteSource } from './byte-source.js';

/** One call a provider makes to its upstream: a request whose answer streams. */
export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Aborts the call: before the head the request rejects with its reason, after it the body does. */
  signal: AbortSignal;
}

/** An upstream's answer: its status and headers, and the body as a {@link ByteSource}. */
export interface UpstreamResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: ByteSource;
}

/**
 * How the built-in providers reach their upstreams. The default is {@link fetchTransport} over
 * the global `fetch`, which works on every runtime; on Node, `nodeTransport()` from
 * `@cascadekit/server/node` reads each network read's bytes straight from the socket and costs
 * less per call. Either way the providers see the same `UpstreamResponse`.
 *
 * `request` resolves once the response head arrived. It rejects like `fetch` does: a
 * `TypeError` (the socket error as `cause`) when the connection fails, the signal's reason when
 * aborted. Aborting also closes the connection at once, so the upstream sees the cancellation.
 *
 * @example
 * ```ts
 * import { openaiCompatible } from '@cascadekit/server';
 * import { nodeTransport } from '@cascadekit/server/node';
 * const gpt = openaiCompatible({ model: 'gpt-4o-mini', apiKey, transport: nodeTransport() });
 * ```
 */
export interface UpstreamTransport {
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
}

/**
 * An {@link UpstreamTransport} over a `fetch` function (default: the global one, looked up at
 * each call). Any `fetch` works: a wrapper that logs or adds headers, a test double, a runtime's own.
 *
 * @example
 * ```ts
 * const transport = fetchTransport((input, init) => { console.log('upstream', input); return fetch(input, init); });
 * ```
 */
export function fetchTransport(fetch?: typeof globalThis.fetch): UpstreamTransport {
  return {
    async request({ url, method, headers, body, signal }) {
      const response = await (fetch ?? globalThis.fetch)(url, { method, headers, body, signal });
      return { status: response.status, headers: response.headers, body: streamByteSource(response.body) };
    },
  };
}

/** The transport of a provider's options: `transport`, else `fetch` through {@link fetchTransport}. */
export function transportOf(options: {
  fetch?: typeof globalThis.fetch;
  transport?: UpstreamTransport;
}): UpstreamTransport {
  if (options.transport && options.fetch) {
    throw new TypeError(
      'Give a provider either `fetch` or `transport`, not both: `fetch: f` means `fetchTransport(f)`.',
    );
  }
  return options.transport ?? fetchTransport(options.fetch);
}
