import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ByteSource } from './byte-source.js';
import type { UpstreamTransport } from './transport.js';
import { type ProviderChunk, ProviderError } from './types.js';
import { redactError, statusError, toProviderError, type UpstreamCallInfo } from './upstream-errors.js';

/**
 * Turns one upstream SSE message into provider chunks, appended to `out` (the chunks of the
 * network read so far: no array per message); throws {@link ProviderError} for in-band errors.
 */
export type SseMessageHandler = (message: EventSourceMessage, afterFirstToken: boolean, out: ProviderChunk[]) => void;

/**
 * What a provider makes of a body that ended cleanly (no reset, no error) before its terminator:
 * pushes an `end` chunk when the stream already said it was complete (a finish reason), else
 * nothing, and the runner reports the stream as `incomplete`.
 */
export type SseCleanEndHandler = (out: ProviderChunk[]) => void;

/**
 * What to do with an event whose `data` is not JSON: `fail` (default) ends the attempt with
 * `upstream-error`, so the lane rescues it like any other failure; `skip` drops the event and
 * reads on (whatever text it carried is lost).
 */
export type MalformedEventPolicy = 'fail' | 'skip';

/** The error of an event whose data is not JSON; {@link MalformedEventPolicy} `skip` drops it. */
export class MalformedEventError extends ProviderError {}

/** One streaming HTTP call to an upstream model API. */
export interface SseUpstreamCall extends UpstreamCallInfo {
  transport: UpstreamTransport;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Default `fail`. */
  malformedEvents?: MalformedEventPolicy;
}

/**
 * POSTs `call.body` through the call's transport and streams the SSE answer through `handle`:
 * the one read loop of every built-in provider.
 *
 * Yields `[headers]` as soon as the response head arrives, then the chunks of each network read
 * together, and stops after an `end` chunk. When the body ends cleanly without one, `atCleanEnd`
 * may still complete it (a finish reason was delivered); else it simply returns and the runner
 * reports the stream as `incomplete`. An in-band failure is thrown after the chunks before it. Every failure is a {@link ProviderError}; the connection is released whenever the
 * consumer stops early. Nothing is sent before the first `next()`.
 */
export async function* streamSseUpstream(
  call: SseUpstreamCall,
  handle: SseMessageHandler,
  atCleanEnd?: SseCleanEndHandler,
): AsyncGenerator<ProviderChunk[]> {
  let afterFirstToken = false;
  // A body not read to its end is released in `finally`, which closes the connection when the
  // consumer stops iterating without aborting.
  let unread: ByteSource | undefined;
  try {
    let response: Awaited<ReturnType<UpstreamTransport['request']>>;
    try {
      response = await call.transport.request({
        url: call.url,
        method: 'POST',
        headers: call.headers,
        body: JSON.stringify(call.body),
        signal: call.signal,
      });
    } catch (error) {
      throw toProviderError(error, call, false);
    }
    const body = response.body;
    unread = body;
    yield [{ type: 'headers', status: response.status }];
    if (response.status < 200 || response.status > 299) {
      unread = undefined; // statusError reads and releases it
      throw await statusError(response, call);
    }
    // A TextDecoder rather than a TextDecoderStream: no TransformStream and promise hop per chunk.
    const decoder = new TextDecoder();
    const queue: EventSourceMessage[] = [];
    // Comments (keep-alives) are dropped here on purpose: they are not progress, so they
    // must not reset the runner's idle or first-token deadlines.
    const parser = createParser({ onEvent: (message) => queue.push(message) });
    for (;;) {
      let chunks: Uint8Array[] | null;
      try {
        chunks = await body.read();
      } catch (error) {
        unread = undefined; // the body is broken already
        throw toProviderError(error, call, afterFirstToken);
      }
      let text: string;
      if (chunks === null) {
        unread = undefined;
        // At the end, flush what the decoder holds back (as TextDecoderStream does on close).
        text = decoder.decode();
      } else text = decoder.decode(chunks.length === 1 ? chunks[0] : joined(chunks), { stream: true });
      if (text) parser.feed(text);
      const batch: ProviderChunk[] = [];
      let ended = false;
      let failure: { error: unknown } | undefined;
      for (let i = 0; i < queue.length && !ended; i++) {
        const from = batch.length;
        try {
          handle(queue[i] as EventSourceMessage, afterFirstToken, batch);
        } catch (error) {
          batch.length = from; // a message that fails gives no chunks
          if (error instanceof MalformedEventError && call.malformedEvents === 'skip') continue;
          failure = { error: redactError(error, call.secrets) };
          break;
        }
        const seen = scan(batch, from);
        afterFirstToken ||= (seen & SAW_TEXT) !== 0;
        ended = (seen & SAW_END) !== 0;
      }
      queue.length = 0;
      // A clean end of body (not a reset: that throws above) may complete a stream that said so.
      if (chunks === null && !ended && !failure && atCleanEnd) {
        const from = batch.length;
        atCleanEnd(batch);
        ended = (scan(batch, from) & SAW_END) !== 0;
      }
      if (batch.length > 0) yield batch;
      if (failure) throw failure.error;
      if (ended || chunks === null) return;
    }
  } finally {
    unread?.cancel();
  }
}

const SAW_TEXT = 1;
const SAW_END = 2;

/** What the chunks pushed from `from` on hold ({@link SAW_TEXT}, {@link SAW_END}); cuts the batch after an `end`. */
function scan(batch: ProviderChunk[], from: number): number {
  let seen = 0;
  for (let j = from; j < batch.length; j++) {
    const type = (batch[j] as ProviderChunk).type;
    if (type === 'text') seen |= SAW_TEXT;
    else if (type === 'end') {
      batch.length = j + 1;
      return seen | SAW_END;
    }
  }
  return seen;
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

/** Parses an SSE `data` field as JSON, or throws a {@link MalformedEventError} (`upstream-error`) naming the provider. */
export function parseJsonData(provider: string, data: string, afterFirstToken: boolean): unknown {
  try {
    return JSON.parse(data);
  } catch (error) {
    throw new MalformedEventError('upstream-error', `${provider} sent a stream event that is not JSON`, {
      afterFirstToken,
      cause: error,
    });
  }
}
