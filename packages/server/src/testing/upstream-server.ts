import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { continuation, PREFILL_REFUSED } from './prefill.js';

/**
 * What a fault-injecting upstream does for one request. All delays are in milliseconds and are
 * cut short when the client goes away or the server stops, so no timer outlives its request.
 */
export interface UpstreamScript {
  /** Answer text, one SSE frame per piece. Default `['Hello', ', ', 'wörld', ' 👋']` (multibyte on purpose). */
  tokens?: string[];
  /** Log-probability of each piece (sent when the request asks for logprobs). Default -0.1 each. */
  logprobs?: number[];
  /** Usage to report; `false` sends no usage. Default `{ inputTokens: 12, outputTokens: tokens.length }`. */
  usage?: { inputTokens: number; outputTokens: number } | false;
  /** Finish reason in the format's own words (`finish_reason` / `stop_reason`). Default `stop` / `end_turn`. */
  finishReason?: string;
  /** Answer with this error status instead of a stream. */
  status?: number;
  /** `Retry-After` header value sent with `status`, e.g. `'2'` or an HTTP-date. */
  retryAfter?: string;
  /** Error message in the JSON body sent with `status`. */
  errorMessage?: string;
  /** Delay before the response headers. */
  headersDelayMs?: number;
  /** Delay between the headers and the first answer frame. */
  firstTokenDelayMs?: number;
  /** Delay between answer frames. */
  tokenDelayMs?: number;
  /** Keep-alive frames (SSE comments, or Anthropic `ping`s) sent before the first token and between tokens. */
  keepAlives?: number;
  /** Destroy the socket with a TCP reset before sending any headers. */
  resetBeforeHeaders?: boolean;
  /** Reset the socket (TCP RST) after this many answer frames (0: right after the headers). Give `tokenDelayMs` so the frames before it are read first. */
  cutAfterTokens?: number;
  /** Stop sending after this many answer frames and hold the connection open until the client leaves. */
  stallAfterTokens?: number;
  /** Send an in-band error event after this many answer frames, then end the body. */
  errorEventAfterTokens?: number;
  /**
   * End the body cleanly after the finish reason and usage, but without the format's terminator
   * (`data: [DONE]` / `message_stop`). Clients that go by the finish reason call this complete.
   */
  noTerminator?: boolean;
  /** End the body cleanly after this many answer frames: no finish reason, no usage, no terminator (a truncated answer). */
  truncateAfterTokens?: number;
  /** Send one event whose data is not JSON after this many answer frames, then go on with the answer. */
  malformedEventAfterTokens?: number;
  /**
   * What a conversation that ends with an assistant message (a prefill) gets: `continue` streams
   * the rest of the answer after the prefill (the answer's text when it does not start with it),
   * `ignore` answers from the start as if there were none, `reject` answers HTTP 400. Default:
   * `continue` for Anthropic's format, `ignore` for OpenAI's.
   */
  prefill?: 'continue' | 'ignore' | 'reject';
  /** Write the body in pieces of this many bytes (splits frames, lines and UTF-8 sequences). */
  splitEveryBytes?: number;
}

/** One request the upstream received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw request body. */
  rawBody: string;
  /** The body parsed as JSON (`undefined` when it is not JSON). */
  body: unknown;
  /** Resolves when the response is over, whether finished or cut by either side. */
  closed: Promise<void>;
  /** `performance.now()` when the response closed. */
  closedAt?: number;
  /** True when the client went away before the upstream finished its answer. */
  clientAborted: boolean;
}

/** How a wire format writes its frames; see `upstream-openai.ts` and `upstream-anthropic.ts`. */
export interface WireFormat {
  path: string;
  /** Frames that precede the first answer token. */
  start(request: RecordedRequest): string[];
  token(text: string, logprob: number, request: RecordedRequest): string;
  /** Frames after the last token, before the terminator (finish reason, usage); `finishReason` as the script asks. */
  finish(usage: UpstreamScript['usage'], request: RecordedRequest, finishReason?: string): string[];
  terminator(): string;
  keepAlive(): string;
  errorEvent(message: string): string;
  /** An event whose data is not JSON. */
  malformedEvent(): string;
  errorBody(status: number, message: string): unknown;
  /** The trailing assistant message of the request (a prefill), if it has one. */
  prefillOf(request: RecordedRequest): string | undefined;
  /** What the format's API does with a prefill by default. */
  prefill: NonNullable<UpstreamScript['prefill']>;
}

/** A running fault-injecting upstream. */
export interface FakeUpstream {
  /** Base URL to give the provider (`http://127.0.0.1:PORT/v1` for OpenAI, `http://127.0.0.1:PORT` for Anthropic). */
  url: string;
  port: number;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  /** Script used when no queued script is left. */
  script: UpstreamScript;
  /** Queues scripts for the next requests, one each (e.g. a 429, then a good answer). */
  enqueue(...scripts: UpstreamScript[]): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

export const DEFAULT_TOKENS = ['Hello', ', ', 'wörld', ' 👋'];

/** Starts an upstream for `format` on 127.0.0.1 and an ephemeral port. */
export async function startUpstream(
  format: WireFormat,
  urlSuffix: string,
  initial: UpstreamScript = {},
): Promise<FakeUpstream> {
  const queue: UpstreamScript[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let resolveClosed: () => void = () => {};
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        closed: new Promise<void>((resolve) => {
          resolveClosed = resolve;
        }),
        clientAborted: false,
      };
      requests.push(recorded);
      res.on('close', () => {
        recorded.closedAt = performance.now();
        recorded.clientAborted = !res.writableFinished;
        resolveClosed();
      });
      const script = queue.shift() ?? upstream.script;
      void respond(format, script, recorded, res).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const upstream: FakeUpstream = {
    url: `http://127.0.0.1:${port}${urlSuffix}`,
    port,
    requests,
    script: initial,
    enqueue: (...scripts) => queue.push(...scripts),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return upstream;
}

async function respond(format: WireFormat, script: UpstreamScript, request: RecordedRequest, res: ServerResponse) {
  const open = () => !res.destroyed && !res.writableEnded;
  const wait = (ms: number | undefined) => (ms ? sleepUntilClosed(ms, res) : Promise.resolve());
  if (script.resetBeforeHeaders) return reset(res);
  await wait(script.headersDelayMs);
  if (!open()) return;
  if (request.path.split('?')[0] !== format.path) {
    return sendJson(res, 404, format.errorBody(404, `no route ${request.path}`));
  }
  const prefill = format.prefillOf(request);
  const prefillMode = script.prefill ?? format.prefill;
  if (prefill !== undefined && prefillMode === 'reject') {
    return sendJson(res, 400, format.errorBody(400, PREFILL_REFUSED));
  }
  if (script.status !== undefined) {
    const headers: Record<string, string> = script.retryAfter === undefined ? {} : { 'retry-after': script.retryAfter };
    return sendJson(
      res,
      script.status,
      format.errorBody(script.status, script.errorMessage ?? 'upstream failure'),
      headers,
    );
  }
  res.socket?.setNoDelay(true);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const write = (frames: string | string[]) => writeSplit(res, [frames].flat().join(''), script.splitEveryBytes);
  const answer = script.tokens ?? DEFAULT_TOKENS;
  const tokens = prefill !== undefined && prefillMode === 'continue' ? continuation(answer, prefill) : answer;
  const keepAlives = () => format.keepAlive().repeat(script.keepAlives ?? 0);

  await write([keepAlives(), ...format.start(request)]);
  await wait(script.firstTokenDelayMs);
  for (let index = 0; index <= tokens.length; index += 1) {
    // Faults strike where the next token would be, so the tokens before them have had
    // `tokenDelayMs` to reach the client (a TCP reset may drop data the client has not read).
    if (index > 0) await wait(script.tokenDelayMs);
    if (!open()) return;
    if (script.cutAfterTokens === index) return reset(res);
    if (script.stallAfterTokens === index) return sleepUntilClosed(Number.POSITIVE_INFINITY, res);
    if (script.truncateAfterTokens === index) return void res.end();
    if (script.malformedEventAfterTokens === index) await write(format.malformedEvent());
    if (script.errorEventAfterTokens === index) {
      await write(format.errorEvent(script.errorMessage ?? 'Overloaded'));
      return void res.end();
    }
    const text = tokens[index];
    if (text === undefined) break;
    await write([index > 0 ? keepAlives() : '', format.token(text, script.logprobs?.[index] ?? -0.1, request)]);
  }
  const usage = script.usage ?? { inputTokens: 12, outputTokens: tokens.length };
  await write(format.finish(usage, request, script.finishReason));
  if (!script.noTerminator) await write(format.terminator());
  res.end();
}

async function writeSplit(res: ServerResponse, text: string, every: number | undefined): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  const size = every && every > 0 ? every : bytes.length;
  for (let offset = 0; offset < bytes.length; offset += size) {
    if (res.destroyed) return;
    await new Promise<void>((resolve) => res.write(bytes.subarray(offset, offset + size), () => resolve()));
    // A tick between pieces so they leave as separate TCP segments rather than one coalesced write.
    if (size < bytes.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function sleepUntilClosed(ms: number, res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      if (timer !== undefined) clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    res.on('close', done);
    if (res.destroyed) done();
  });
}

function reset(res: ServerResponse): void {
  const socket = res.socket;
  if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else res.destroy();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Formats one SSE frame; `event` is omitted when undefined. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}
