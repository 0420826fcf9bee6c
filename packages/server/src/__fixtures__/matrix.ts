/**
 * The equivalence matrix: every way bytes reach an upstream × every way a request reaches the
 * handler. Tests run the same assertions over each pair, so a shortcut on one path cannot
 * change what a user sees.
 */
import type { CascadeConfig } from '../config/types.js';
import type { CascadeHandler } from '../handler.js';
import { nodeTransport, serveNode } from '../node/index.js';
import type { UpstreamTransport } from '../providers/transport.js';

/** How the providers call their upstream: the options a provider (or the handler) is given. */
export interface UpstreamPath {
  name: string;
  options(): { fetch?: typeof fetch; transport?: UpstreamTransport };
}

const node = nodeTransport();

export const UPSTREAM_PATHS: readonly UpstreamPath[] = [
  { name: 'global fetch', options: () => ({ fetch: globalThis.fetch }) },
  { name: 'node transport', options: () => ({ transport: node }) },
  // A wrapper around the Node path (logging, headers …): a transport of its own that calls it.
  { name: 'wrapped node transport', options: () => ({ transport: { request: (call) => node.request(call) } }) },
];

/** A running host of a handler: how a client reaches it. */
export interface Hosted {
  /** `fetch` that reaches the handler (a socket client, or an in-process call). */
  fetch: typeof fetch;
  /** Base URL of the host. */
  url: string;
  /** Request bodies a wrapping handler read before passing the request on. */
  bodies: string[];
  close(): Promise<void>;
}

/** How a request reaches the handler. */
export interface Host {
  name: string;
  start(handler: CascadeHandler): Promise<Hosted>;
}

/**
 * Several instances behind one address: each gets a handler of its own, built by `make` with what
 * the host adds to the configuration (shared stores).
 */
export interface InstancesHost {
  name: string;
  startInstances(make: (extra: Partial<CascadeConfig>) => CascadeHandler): Promise<Hosted>;
}

/**
 * A wrapper as applications write one: it inherits the handler's properties (`matches`, …),
 * reads the request body (e.g. to log it), passes the request on, and re-wraps the response
 * to add a header.
 */
export function wrapHandler(handler: CascadeHandler, bodies: string[]): CascadeHandler {
  return Object.assign(async (request: Request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') bodies.push(await request.clone().text());
    const response = await handler(request);
    const headers = new Headers(response.headers);
    headers.set('x-wrapped', 'yes');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }, handler);
}

/** The handler called in-process, as tests, Storybook and edge runtimes call it. */
export const IN_PROCESS: Host = {
  name: 'in-process handler',
  async start(handler) {
    const call = (input: string | URL | Request, init?: RequestInit) => handler(new Request(input, init));
    return { fetch: call as typeof fetch, url: 'http://in-process.test', bodies: [], close: async () => {} };
  },
};

/** The handler behind the Node adapter, on a loopback port. */
export const NODE_ADAPTER: Host = {
  name: 'Node adapter',
  async start(handler) {
    const server = await serveNode(handler);
    return { fetch: globalThis.fetch, url: server.url, bodies: [], close: () => server.close() };
  },
};

/** An application's wrapper around the handler ({@link wrapHandler}), behind the Node adapter. */
export const WRAPPED_HANDLER: Host = {
  name: 'wrapped handler behind the Node adapter',
  async start(handler) {
    const bodies: string[] = [];
    const server = await serveNode(wrapHandler(handler, bodies));
    return { fetch: globalThis.fetch, url: server.url, bodies, close: () => server.close() };
  },
};

export const HOSTS: readonly Host[] = [IN_PROCESS, NODE_ADAPTER, WRAPPED_HANDLER];

/** Every pair of the matrix, named for `describe.each`. */
export const MATRIX: readonly { name: string; upstream: UpstreamPath; host: Host }[] = UPSTREAM_PATHS.flatMap(
  (upstream) => HOSTS.map((host) => ({ name: `${upstream.name} × ${host.name}`, upstream, host })),
);

/** Text of a protocol v1 stream with what differs between turns (ids, timings) made constant. */
export function sameCascadeBytes(text: string): string {
  return text.replace(/"turnId":"[^"]+"/g, '"turnId":"T"').replace(/"(durationMs|ttftMs)":\d+(\.\d+)?/g, '"$1":0');
}

/** Text of a chat-completions answer with its id and creation second made constant. */
export function sameGatewayBytes(text: string): string {
  return text.replace(/chatcmpl-[\w-]+/g, 'chatcmpl-ID').replace(/"created":\d+/g, '"created":0');
}

/** Rejects when `promise` takes longer than `ms`, naming `what`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
