import type { CascadeEvent } from './events.js';

/** Response headers for a protocol v1 event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/**
 * Encodes one event as Server-Sent Event text: `event: <type>` plus one `data:` line.
 * `JSON.stringify` escapes CR and LF inside strings, so the data never spans lines.
 *
 * @example
 * ```ts
 * encodeEvent({ type: 'delta', lane: 'draft', text: 'Hi' });
 * // 'event: delta\ndata: {"type":"delta","lane":"draft","text":"Hi"}\n\n'
 * ```
 */
export function encodeEvent(event: CascadeEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** An SSE comment line; clients ignore it. Used as a keep-alive. */
export function encodeComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/**
 * Turns an async sequence of events into a byte stream of SSE text, ready for a `Response`.
 * Cancelling the stream (client went away) calls `return()` on the source iterator,
 * so the producer's `finally` blocks run and upstream work stops.
 */
export function eventsToSseStream(events: AsyncIterable<CascadeEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(encodeEvent(value)));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
