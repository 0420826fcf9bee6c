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

/**
 * The queue both Node bodies (a `nodeFetch` response, a request `toNodeListener` reads) share:
 * chunks pushed as Node emits them, taken a batch per read, one waiting reader woken by the next
 * chunk, the end or a failure. Subclasses decide when to pause and resume their stream.
 */
export abstract class ChunkQueue implements ByteBatches {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  /** No chunk will come any more: the end, a failure, an abort or a cancel. */
  protected closed = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  abstract cancel(): void;

  /** Bytes queued and not read yet. */
  protected get unread(): number {
    return this.bytes;
  }

  /** Queues a chunk and wakes the reader; ignored once closed. */
  protected push(chunk: Uint8Array): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
    this.wakeUp();
  }

  /** No more chunks: what is queued can still be read, then `read` gives `null`. */
  protected close(): void {
    this.closed = true;
    this.wakeUp();
  }

  /** Drops what is queued; `read` rejects with `error` from now on. */
  protected fail(error: unknown): void {
    this.closed = true;
    this.failure = { error };
    this.discard();
    this.wakeUp();
  }

  /** Drops what is queued and not read yet. */
  protected discard(): void {
    this.chunks = [];
    this.bytes = 0;
  }

  /** Called after a read took a batch, while more may come (e.g. to resume a paused stream). */
  protected afterRead(): void {}

  async read(): Promise<Uint8Array[] | null> {
    if (this.chunks.length === 0 && !this.closed) {
      // Woken by the first chunk; the rest of that network read arrives before this resumes.
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure) throw this.failure.error;
    if (this.chunks.length === 0) return null;
    const batch = this.chunks;
    this.discard();
    if (!this.closed) this.afterRead();
    return batch;
  }

  private wakeUp(): void {
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      wake();
    }
  }
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
