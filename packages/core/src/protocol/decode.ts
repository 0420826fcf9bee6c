import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { CascadeError } from '../errors.js';
import { type CascadeEvent, isCascadeEventType } from './events.js';

/** Options of {@link decodeEventStream}. */
export interface DecodeOptions {
  /** Aborting it stops reading and cancels the body. */
  signal?: AbortSignal;
}

/**
 * Parses a byte stream of protocol v1 SSE into events, with `eventsource-parser`.
 *
 * - Events of unknown `type` are skipped, so newer servers can add events.
 * - Data that is not JSON, or JSON without a string `type`, throws `CascadeError('protocol')`.
 * - A stream that ends before a `done` event throws `CascadeError('incomplete')`:
 *   a truncated answer is never presented as a finished one.
 *
 * @example
 * ```ts
 * const res = await fetch('/api/cascade', { method: 'POST', body });
 * for await (const event of decodeEventStream(res.body!)) console.log(event.type);
 * ```
 */
export async function* decodeEventStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<CascadeEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const queue: CascadeEvent[] = [];
  let failure: CascadeError | undefined;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (failure) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch (cause) {
        failure = new CascadeError('protocol', `Event data is not JSON: ${message.data.slice(0, 80)}`, { cause });
        return;
      }
      const type = (parsed as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') {
        failure = new CascadeError('protocol', 'Event data has no string "type" field.');
        return;
      }
      if (isCascadeEventType(type)) queue.push(parsed as CascadeEvent);
    },
  });
  const { signal } = options;
  const onAbort = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let sawDone = false;
  try {
    while (!sawDone) {
      if (signal?.aborted) throw new CascadeError('aborted', 'The stream was aborted.');
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        if (signal?.aborted) throw new CascadeError('aborted', 'The stream was aborted.', { cause });
        throw new CascadeError('network', 'The connection broke while the answer was streaming.', { cause });
      }
      if (chunk.done) {
        parser.feed(decoder.decode());
        parser.feed('\n\n'); // flush a final event that lacked its blank line
      } else {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      if (failure) throw failure;
      while (queue.length > 0) {
        const event = queue.shift() as CascadeEvent;
        yield event;
        if (event.type === 'done') {
          sawDone = true;
          break;
        }
      }
      if (chunk.done && !sawDone) {
        if (signal?.aborted) throw new CascadeError('aborted', 'The stream was aborted.');
        throw new CascadeError('incomplete', 'The answer stream ended before it was complete.');
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!sawDone) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
