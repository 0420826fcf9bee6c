import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { retryAfterFromHeaders } from './retry-after.js';
import { type ProviderChunk, ProviderError } from './types.js';

/** Turns one upstream SSE message into provider chunks; throws {@link ProviderError} for in-band errors. */
export type SseMessageHandler = (message: EventSourceMessage, afterFirstToken: boolean) => ProviderChunk[];

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
 * POSTs `call.body` and streams the SSE answer through `handle`.
 *
 * Yields `headers` as soon as the response head arrives, then what `handle` returns, and stops
 * after an `end` chunk. When the body ends without one, it simply returns: the runner reports
 * such a stream as `incomplete`. Every failure is thrown as a {@link ProviderError}; the socket
 * is released whenever the consumer stops early.
 */
export async function* streamSseUpstream(
  call: SseUpstreamCall,
  handle: SseMessageHandler,
): AsyncGenerator<ProviderChunk> {
  let afterFirstToken = false;
  // A body not read to its end is cancelled in `finally`, which closes the socket when the
  // consumer stops iterating without aborting (cheaper than a second signal via AbortSignal.any).
  let unread: ReadableStream<Uint8Array> | null = null;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    let response: Response;
    try {
      response = await call.fetch(call.url, {
        method: 'POST',
        headers: call.headers,
        body: JSON.stringify(call.body),
        signal: call.signal,
      });
    } catch (error) {
      throw classifyFailure(error, call, false);
    }
    unread = response.body;
    yield { type: 'headers', status: response.status };
    if (!response.ok) {
      unread = null; // statusError reads and cancels it
      throw await statusError(response, call);
    }
    if (!response.body) return;

    // A TextDecoder rather than a TextDecoderStream: no TransformStream and promise hop per chunk.
    reader = response.body.getReader();
    const decoder = new TextDecoder();
    const queue: EventSourceMessage[] = [];
    // Comments (keep-alives) are dropped here on purpose: they are not progress, so they
    // must not reset the runner's idle or first-token deadlines.
    const parser = createParser({ onEvent: (message) => queue.push(message) });
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        unread = null; // the stream is errored already
        throw classifyFailure(error, call, afterFirstToken);
      }
      if (result.done) unread = null;
      // At the end, flush what the decoder holds back (as TextDecoderStream does on close).
      const text = result.done ? decoder.decode() : decoder.decode(result.value, { stream: true });
      if (text) parser.feed(text);
      for (let i = 0; i < queue.length; i++) {
        let chunks: ProviderChunk[];
        try {
          chunks = handle(queue[i] as EventSourceMessage, afterFirstToken);
        } catch (error) {
          throw redactError(error, call.secrets);
        }
        for (const chunk of chunks) {
          if (chunk.type === 'text') afterFirstToken = true;
          yield chunk;
          if (chunk.type === 'end') return;
        }
      }
      queue.length = 0;
      if (result.done) return;
    }
  } finally {
    if (unread) {
      const cancelled = reader ? reader.cancel() : unread.cancel();
      cancelled.catch(() => {});
    }
  }
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

async function statusError(response: Response, call: SseUpstreamCall): Promise<ProviderError> {
  const retryAfterMs = retryAfterFromHeaders(response.headers);
  let detail = '';
  try {
    detail = errorDetail(await readCapped(response));
  } catch {
    // A body that breaks off does not change the classification: the status already failed.
  }
  const message = `${call.provider} upstream answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  return new ProviderError('http-status', redact(message, call.secrets), {
    status: response.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

async function readCapped(response: Response): Promise<string> {
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
