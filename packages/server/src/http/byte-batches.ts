/**
 * Internal: the body of a response made by `nodeFetch`, read without its web stream. Node's HTTP
 * client emits one `data` event per chunk of a chunked body (one per token of an SSE answer);
 * through a web stream each costs a read and a promise, here one read takes all that arrived.
 * Whoever comes first owns the body: this reader or `response.body`.
 */

/** The bytes of a body, a batch at a time. */
export interface ByteBatches {
  /**
   * Every chunk that arrived since the last read (at least one), or `null` at the end. Rejects
   * as `response.body` would error: `TypeError('terminated')` when cut off, the abort reason
   * when aborted.
   */
  read(): Promise<Uint8Array[] | null>;
  /** Releases the connection, as cancelling the body does. */
  cancel(): void;
}

/** Registered, so the main entry and `./node` agree on it even when bundled apart. */
export const BYTE_BATCHES: unique symbol = Symbol.for('cascadekit.byteBatches') as never;

/**
 * The body of `response` as {@link ByteBatches} when `nodeFetch` made it and nobody read
 * `response.body` yet (the web stream is closed for reading from then on); else `undefined`.
 */
export function takeByteBatches(response: Response): ByteBatches | undefined {
  const take = (response as Response & { [BYTE_BATCHES]?: () => ByteBatches | undefined })[BYTE_BATCHES];
  return take ? take() : undefined;
}

/**
 * A `nodeFetch` carries a lean variant of itself under this symbol: its responses have no web
 * stream at all (`body` is null) and give their bytes only through {@link takeByteBatches}. The
 * built-in providers use it when their configured fetch is a `nodeFetch` itself; a wrapper around
 * one has no such variant, so whatever it does with responses keeps working.
 */
export const LEAN_FETCH: unique symbol = Symbol.for('cascadekit.leanFetch') as never;

/** The lean variant of `fetch`, when it is a `nodeFetch`. */
export function leanFetchOf(fetch: typeof globalThis.fetch): typeof globalThis.fetch | undefined {
  return (fetch as typeof globalThis.fetch & { [LEAN_FETCH]?: typeof globalThis.fetch })[LEAN_FETCH];
}
