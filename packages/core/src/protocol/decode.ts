import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { CascadeError } from '../errors.js';
import { eventProblem, isKnownEventType } from './event-shapes.js';
import type { CascadeEvent } from './events.js';

/** Options of {@link decodeEventStream}. */
export interface DecodeOptions {
  /** Aborting it stops reading and cancels the body. */
  signal?: AbortSignal;
}

/**
 * Parses a byte stream of protocol v1 SSE into events, with `eventsource-parser`.
 *
 * - Events of unknown `type` are skipped, so newer servers can add events.
 * - Data that is not JSON, JSON without a string `type`, or an event of a known type that lacks
 *   a field its type needs (a `delta` without string `text`, a `lane` other than `draft` or
 *   `final` …) throws `CascadeError('protocol')` naming the event type and the field. Extra
 *   fields are allowed.
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
  for await (const batch of decodeEventBatches(body, options)) yield* batch;
}

/**
 * {@link decodeEventStream} one network chunk at a time: yields the events of each chunk read
 * together (never an empty batch), so a fast stream costs one async step per chunk instead of
 * one per event. Same errors; the last batch ends with the `done` event.
 */
export async function* decodeEventBatches(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<CascadeEvent[], void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let queue: CascadeEvent[] = [];
  let failure: CascadeError | undefined;
  let sawDone = false;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      // Anything after `done` is not part of this answer.
      if (failure || sawDone) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch (cause) {
        failure = new CascadeError('protocol', `Event data is not JSON: ${message.data.slice(0, 80)}`, { cause });
        return;
      }
      const event = parsed as { type?: unknown } | null;
      const type = typeof event === 'object' ? event?.type : undefined;
      if (typeof type !== 'string') {
        failure = new CascadeError('protocol', 'Event data has no string "type" field.');
        return;
      }
      if (!isKnownEventType(type)) return;
      const problem = eventProblem(event as Record<string, unknown> & { type: typeof type });
      if (problem) {
        failure = new CascadeError('protocol', problem);
        return;
      }
      queue.push(event as CascadeEvent);
      if (type === 'done') sawDone = true;
    },
  });
  const { signal } = options;
  const onAbort = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    while (!finished) {
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
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        finished = sawDone;
        yield batch;
      }
      // The events before a malformed one still count, as with a stream that breaks off.
      if (failure) throw failure;
      if (chunk.done && !finished) {
        if (signal?.aborted) throw new CascadeError('aborted', 'The stream was aborted.');
        throw new CascadeError('incomplete', 'The answer stream ended before it was complete.');
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
