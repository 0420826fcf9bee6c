/**
 * Internal: a response body that cascadekit produces as text, readable two ways. Any consumer
 * reads `response.body` (a web stream of UTF-8 bytes); the Node adapter instead asks for the text
 * itself through {@link TEXT_BODY}, which skips the web stream, its promise per chunk and the
 * encoding step. Whoever comes first owns the body; the other way is then closed.
 */

/** Where a {@link TextBodySource} pushes its text. */
export interface TextSink {
  /** The next piece of the body (one or more complete SSE events). */
  write(text: string): void;
  /** The body is complete. */
  end(): void;
}

/** A body that pushes its text into one sink. */
export interface TextBodySource {
  /**
   * Starts pushing into `sink` (the first text may arrive before this returns); false when the
   * body was taken already.
   */
  open(sink: TextSink): boolean;
  /** Stops producing (the reader went away); the sink gets nothing more. Idempotent. */
  cancel(): void;
}

/** Registered, so the main entry and `./node` agree on it even when bundled apart. */
export const TEXT_BODY: unique symbol = Symbol.for('cascadekit.textBody') as never;

/** The text source of a response cascadekit built, if it has one. */
export function textBodyOf(response: Response): TextBodySource | undefined {
  return (response as Response & { [TEXT_BODY]?: TextBodySource })[TEXT_BODY];
}

/**
 * A `Response` whose body is `source`: `response.body` streams it as UTF-8 for any consumer, and
 * {@link textBodyOf} hands the same source to the Node adapter. `direct` (the adapter made the
 * request, so it alone reads this response): no web stream at all, `response.body` is null.
 */
export function textBodyResponse(source: TextBodySource, init: ResponseInit, direct = false): Response {
  if (direct) {
    const response = new Response(null, init);
    Object.defineProperty(response, TEXT_BODY, { value: source });
    return response;
  }
  const encoder = new TextEncoder();
  let pulled = false;
  let owner = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled) return; // open already: the source pushes on its own
        pulled = true;
        let closed = false;
        owner = source.open({
          write(text) {
            if (!closed) controller.enqueue(encoder.encode(text));
          },
          end() {
            if (closed) return;
            closed = true;
            controller.close();
          },
        });
        if (!owner) {
          closed = true;
          controller.error(new TypeError('The body was read already.'));
        }
      },
      cancel() {
        // Cancelling an unread body ends the source too, as cancelling any response body does,
        // unless another reader owns it.
        if (!pulled) {
          pulled = true;
          owner = source.open({ write() {}, end() {} });
        }
        if (owner) source.cancel();
      },
    },
    // No read ahead: the source opens on the first read, so the Node adapter can take it instead.
    { highWaterMark: 0 },
  );
  const response = new Response(body, init);
  Object.defineProperty(response, TEXT_BODY, { value: source });
  return response;
}
