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

/** One streaming HTTP call to an upstream model API. */
export interface SseUpstreamCall extends UpstreamCallInfo {
  transport: UpstreamTransport;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * POSTs `call.body` through the call's transport and streams the SSE answer through `handle`:
 * the one read loop of every built-in provider.
 *
 * Yields `[headers]` as soon as the response head arrives, then the chunks of each network read
 * together, and stops after an `end` chunk. When the body ends without one, it simply returns:
 * the runner reports such a stream as `incomplete`. An in-band failure is thrown after the chunks
 * before it. Every failure is a {@link ProviderError}; the connection is released whenever the
 * consumer stops early. Nothing is sent before the first `next()`.
 */
export async function* streamSseUpstream(
  call: SseUpstreamCall,
  handle: SseMessageHandler,
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
          failure = { error: redactError(error, call.secrets) };
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
      if (failure) throw failure.error;
      if (ended || chunks === null) return;
    }
  } finally {
    unread?.cancel();
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
