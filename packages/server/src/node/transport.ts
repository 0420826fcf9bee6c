import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { UpstreamRequest, UpstreamResponse, UpstreamTransport } from '../providers/transport.js';
import { NodeBody } from './node-body.js';

/** Options of {@link nodeTransport}. */
export interface NodeTransportOptions {
  /** Agent of `http:` calls. Default: a keep-alive agent of this transport. */
  httpAgent?: HttpAgent;
  /** Agent of `https:` calls. Default: a keep-alive agent of this transport. */
  httpsAgent?: HttpsAgent;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/** The error `fetch` rejects with for a failed connection: a `TypeError` whose cause says why. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
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

/** The request a redirect leads to, by the fetch standard's rules. */
function redirected(call: UpstreamRequest, url: URL, status: number, location: string): UpstreamRequest {
  const next = new URL(location, url);
  const headers = { ...call.headers };
  let { method, body } = call;
  // 303 (and 301/302 after a POST) turn into a GET without a body.
  if (
    (status === 303 && method !== 'GET' && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST')
  ) {
    method = 'GET';
    body = '';
    for (const name of ['content-type', 'content-encoding', 'content-language', 'content-location'])
      delete headers[name];
  }
  if (next.origin !== url.origin) {
    for (const name of ['authorization', 'proxy-authorization', 'cookie', 'x-api-key']) delete headers[name];
  }
  return { ...call, url: next.href, method, headers, body };
}

/**
 * The Node {@link UpstreamTransport}: `node:http`/`node:https` with keep-alive agents, and each
 * network read's bytes handed to the provider at once (no web stream, no `Response`). It follows
 * redirects as `fetch` does and decodes gzip, deflate and br. Failures look like `fetch`'s: a
 * failed connection rejects with `TypeError('fetch failed')` (the socket error as `cause`), a body
 * cut off errors with `TypeError('terminated')`, and an abort rejects (or errors the body) with the
 * signal's reason and destroys the socket at once, so the upstream sees the cancellation.
 *
 * @example
 * ```ts
 * import { openaiCompatible } from '@cascadekit/server';
 * import { nodeTransport } from '@cascadekit/server/node';
 * const transport = nodeTransport();
 * const gpt = openaiCompatible({ model: 'gpt-4o-mini', apiKey: process.env.OPENAI_API_KEY, transport });
 * ```
 */
export function nodeTransport(options: NodeTransportOptions = {}): UpstreamTransport {
  const httpAgent = options.httpAgent ?? new HttpAgent({ keepAlive: true });
  const httpsAgent = options.httpsAgent ?? new HttpsAgent({ keepAlive: true });

  const send = (call: UpstreamRequest, redirects: number): Promise<UpstreamResponse> =>
    new Promise<UpstreamResponse>((resolve, reject) => {
      const { signal } = call;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let url: URL;
      try {
        url = new URL(call.url);
      } catch (error) {
        reject(new TypeError(`Invalid URL: ${call.url}`, { cause: error }));
        return;
      }
      const secure = url.protocol === 'https:';
      const headers: OutgoingHttpHeaders = { accept: '*/*', 'user-agent': 'node', ...call.headers };
      if (call.body) headers['content-length'] = Buffer.byteLength(call.body);
      const req = (secure ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: call.method,
        headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      let body: NodeBody | undefined;
      let settled = false;
      const onAbort = () => {
        body?.break(signal.reason);
        // Destroying the request destroys its socket, so the upstream sees the close at once.
        req.destroy();
        if (!settled) {
          settled = true;
          reject(signal.reason);
        }
      };
      const release = () => signal.removeEventListener('abort', onAbort);
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => {
        if (settled) return; // after the head, the body reports failures
        settled = true;
        release();
        reject(fetchFailed(error));
      });
      req.on('response', (res) => {
        settled = true;
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (REDIRECTS.has(status) && location !== undefined) {
          res.resume(); // discard the redirect's body, keep the socket reusable
          release();
          if (redirects >= MAX_REDIRECTS) {
            reject(fetchFailed(new Error('redirect count exceeded')));
            return;
          }
          try {
            resolve(send(redirected(call, url, status, location), redirects + 1));
          } catch (error) {
            reject(fetchFailed(error));
          }
          return;
        }
        const source = decoded(res);
        const nodeBody = new NodeBody(source, () => res.destroy(), release);
        body = nodeBody;
        // As undici does: a body cut off by the peer errors with `TypeError: terminated`.
        const cut = (cause: unknown) =>
          nodeBody.break(new TypeError('terminated', { cause: cause ?? new Error('other side closed') }));
        source.on('error', cut);
        if (source !== res) res.on('error', cut);
        // A reset can close the message without an 'error' event; an incomplete close is a cut too.
        res.once('close', () => {
          if (!res.complete) cut(undefined);
        });
        const get = (name: string): string | null => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({ status, headers: { get }, body: nodeBody });
      });
      req.end(call.body || undefined);
    });

  return { request: (call) => send(call, 0) };
}
