import type { Batches } from '../batch-queue.js';

/**
 * An upstream response's bytes, read a batch at a time: every chunk that arrived since the last
 * read (one network read's worth), or `null` at the end. A read rejects when the body breaks
 * (`TypeError('terminated')` when the peer cut it, the signal's reason when aborted). `cancel()`
 * releases the connection; after the end it does nothing.
 */
export type ByteSource = Batches<Uint8Array>;

/** A {@link ByteSource} over a web stream (any `fetch` response's body); `null` reads as empty. */
export function streamByteSource(stream: ReadableStream<Uint8Array> | null): ByteSource {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let done = stream === null;
  return {
    async read() {
      if (done) return null;
      reader ??= (stream as ReadableStream<Uint8Array>).getReader();
      const { value, done: ended } = await reader.read();
      if (!ended) return [value];
      done = true;
      return null;
    },
    cancel() {
      if (done) return;
      done = true;
      (reader ?? (stream as ReadableStream<Uint8Array>)).cancel().catch(() => {});
    },
  };
}
