import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { type ByteBatches, leanFetchOf, takeByteBatches } from '../http/byte-batches.js';
import { retryAfterFromHeaders } from './retry-after.js';
import { type ProviderChunk, ProviderError } from './types.js';

/**
 * Turns one upstream SSE message into provider chunks, appended to `out` (the chunks of the
 * network read so far: no array per message); throws {@link ProviderError} for in-band errors.
 */
export type SseMessageHandler = (message: EventSourceMessage, afterFirstToken: boolean, out: ProviderChunk[]) => void;

/** One streaming HTTP call to an upstream model API. */
export interface SseUpstreamCall {
  /** Provider kind, used in error messages (`openai`, `anthropic`). */
  provider: string;
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  /** Secrets that must never appear in an error message (an upstream may echo the key). */
  secrets: readonly string[];
}

const MAX_ERROR_BODY_CHARS = 4096;

/**
 * Internal: a provider stream that can also hand out its chunks a network read at a time, so
 * the runner pays one wait (and one deadline check) per read instead of one per chunk.
 */
export const CHUNK_BATCHES: unique symbol = Symbol('cascadekit.chunkBatches');

/** Chunks one at a time (any consumer), or in batches through {@link CHUNK_BATCHES} (the runner). */
export interface BatchedChunks extends AsyncIterable<ProviderChunk> {
  /** The same stream in batches; use either this or the chunk iterator, not both. */
  [CHUNK_BATCHES](): AsyncIterator<ProviderChunk[]>;
}

/**
 * POSTs `call.body` and streams the SSE answer through `handle`.
 *
 * Yields `headers` as soon as the response head arrives, then what `handle` returns, and stops
 * after an `end` chunk. When the body ends without one, it simply returns: the runner reports
 * such a stream as `incomplete`. Every failure is thrown as a {@link ProviderError}; the socket
 * is released whenever the consumer stops early. Nothing is sent before the first `next()`.
 */
export function streamSseUpstream(call: SseUpstreamCall, handle: SseMessageHandler): BatchedChunks {
  const batches = sseBatches(call, handle);
  return Object.assign(chunksOf(batches), { [CHUNK_BATCHES]: () => batches });
}

async function* chunksOf(batches: AsyncGenerator<ProviderChunk[]>): AsyncGenerator<ProviderChunk> {
  for await (const batch of batches) yield* batch;
}

/** The chunks of each network read together; an in-band failure is thrown after the chunks before it. */
async function* sseBatches(call: SseUpstreamCall, handle: SseMessageHandler): AsyncGenerator<ProviderChunk[]> {
  let afterFirstToken = false;
  // A body not read to its end is released in `finally`, which closes the socket when the
  // consumer stops iterating without aborting (cheaper than a second signal via AbortSignal.any).
  let release: (() => void) | undefined;
  try {
    let response: Response;
    try {
      // A `nodeFetch` as it is (no wrapper) answers without building a web stream for the body.
      response = await (leanFetchOf(call.fetch) ?? call.fetch)(call.url, {
        method: 'POST',
        headers: call.headers,
        body: JSON.stringify(call.body),
        signal: call.signal,
      });
    } catch (error) {
      throw classifyFailure(error, call, false);
    }
    // `nodeFetch`'s body comes a network read at a time; any other fetch's through its web stream.
    const bytes = takeByteBatches(response);
    const unread = bytes ? null : response.body;
    if (bytes) release = () => bytes.cancel();
    else if (unread) release = () => void unread.cancel().catch(() => {});
    yield [{ type: 'headers', status: response.status }];
    if (!response.ok) {
      release = undefined; // statusError reads and releases it
      throw await statusError(response, call, bytes);
    }
    if (!bytes && !unread) return;
    const reader = unread?.getReader();
    if (reader) release = () => void reader.cancel().catch(() => {});
    // A TextDecoder rather than a TextDecoderStream: no TransformStream and promise hop per chunk.
    const decoder = new TextDecoder();
    const queue: EventSourceMessage[] = [];
    // Comments (keep-alives) are dropped here on purpose: they are not progress, so they
    // must not reset the runner's idle or first-token deadlines.
    const parser = createParser({ onEvent: (message) => queue.push(message) });
    for (;;) {
      let chunks: Uint8Array[] | null;
      try {
        if (bytes) chunks = await bytes.read();
        else {
          const result = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
          chunks = result.done ? null : [result.value];
        }
      } catch (error) {
        release = undefined; // the body is errored already
        throw classifyFailure(error, call, afterFirstToken);
      }
      let text: string;
      if (chunks === null) {
        release = undefined;
        // At the end, flush what the decoder holds back (as TextDecoderStream does on close).
        text = decoder.decode();
      } else text = decoder.decode(chunks.length === 1 ? chunks[0] : joined(chunks), { stream: true });
      if (text) parser.feed(text);
      const batch: ProviderChunk[] = [];
      let ended = false;
      let failed = false;
      let failure: unknown;
      for (let i = 0; i < queue.length && !ended; i++) {
        const from = batch.length;
        try {
          handle(queue[i] as EventSourceMessage, afterFirstToken, batch);
        } catch (error) {
          batch.length = from; // a message that fails gives no chunks
          failed = true;
          failure = redactError(error, call.secrets);
          break;
        }
        for (let j = from; j < batch.length; j++) {
          const type = (batch[j] as ProviderChunk).type;
          if (type === 'text') afterFirstToken = true;
          else if (type === 'end') {
            batch.length = j + 1;
            ended = true;
            break;
          }
        }
      }
      queue.length = 0;
      if (batch.length > 0) yield batch;
      if (failed) throw failure;
      if (ended || chunks === null) return;
    }
  } finally {
    release?.();
  }
}

/** One decode of a read's chunks (one per token from Node's client) costs less than one each. */
function joined(chunks: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Maps a thrown fetch/stream error to a {@link ProviderError}. */
function classifyFailure(error: unknown, call: SseUpstreamCall, afterFirstToken: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  if (call.signal.aborted) {
    // The runner may abort with the precise reason (e.g. a timeout) as a ProviderError.
    const reason: unknown = call.signal.reason;
    if (reason instanceof ProviderError) return reason;
    return new ProviderError('aborted', `${call.provider} request aborted`, { afterFirstToken, cause: error });
  }
  const detail = describeCause(error);
  const when = afterFirstToken ? 'after the first token' : 'before the first token';
  return new ProviderError('network', redact(`${call.provider} connection failed ${when}: ${detail}`, call.secrets), {
    afterFirstToken,
    cause: error,
  });
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : `${error.message} (${cause.message})`;
  }
  return error.message;
}

async function statusError(
  response: Response,
  call: SseUpstreamCall,
  bytes: ByteBatches | undefined,
): Promise<ProviderError> {
  const retryAfterMs = retryAfterFromHeaders(response.headers);
  let detail = '';
  try {
    detail = errorDetail(await readCapped(response, bytes));
  } catch {
    // A body that breaks off does not change the classification: the status already failed.
  }
  const message = `${call.provider} upstream answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  return withoutStack(
    () =>
      new ProviderError('http-status', redact(message, call.secrets), {
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }),
  );
}

/**
 * Builds an error without capturing a stack trace: an upstream's error status is an expected
 * outcome, not a bug to trace, and a fallback chain builds one per failed attempt.
 */
function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  if (typeof limit !== 'number') return make(); // not V8 or JavaScriptCore: nothing to skip
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function readCapped(response: Response, bytes: ByteBatches | undefined): Promise<string> {
  if (bytes) {
    const decoder = new TextDecoder();
    let text = '';
    try {
      while (text.length < MAX_ERROR_BODY_CHARS) {
        const chunks = await bytes.read();
        if (chunks === null) {
          text += decoder.decode();
          break;
        }
        for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
      }
    } finally {
      bytes.cancel();
    }
    return text.slice(0, MAX_ERROR_BODY_CHARS);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_ERROR_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) {
        text += decoder.decode();
        break;
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return text.slice(0, MAX_ERROR_BODY_CHARS);
}

/** Pulls the human message out of `{error:{message}}` / `{error:"..."}` / `{message}` bodies. */
export function errorDetail(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const message = pickMessage(parsed);
    if (message) return message.slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 300);
}

function pickMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.message === 'string') return record.message;
  return record.error === undefined ? undefined : pickMessage(record.error);
}

function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof ProviderError)) return error;
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  return new ProviderError(error.reason, message, {
    afterFirstToken: error.afterFirstToken,
    ...(error.status === undefined ? {} : { status: error.status }),
  });
}

/** Removes every secret from `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

/** Parses an SSE `data` field as JSON, or throws an `upstream-error` naming the provider. */
export function parseJsonData(provider: string, data: string, afterFirstToken: boolean): unknown {
  try {
    return JSON.parse(data);
  } catch (error) {
    throw new ProviderError('upstream-error', `${provider} sent a stream event that is not JSON`, {
      afterFirstToken,
      cause: error,
    });
  }
}
