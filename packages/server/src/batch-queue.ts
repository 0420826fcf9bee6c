/**
 * Items that arrive in bursts, read a burst at a time: the bytes of one network read, the events
 * of one upstream read. A reader pays one wait per burst, not one per item.
 */
export interface Batches<T> {
  /**
   * Every item that arrived since the last read (at least one), or `null` at the end. Rejects
   * once the source failed (what was not read yet is dropped).
   */
  read(): Promise<T[] | null>;
  /** Stops the source: what is unread is dropped and the next read ends. Idempotent. */
  cancel(): void;
}

/**
 * A single-reader queue behind {@link Batches}: producers `push` items as they come, a read takes
 * all of them at once and waits (one promise) only when none are there. Subclasses weigh items
 * (bytes, text) to decide when their producer should pause.
 */
export class BatchQueue<T> implements Batches<T> {
  private items: T[] = [];
  private weight = 0;
  /** No item will come any more: the end, a failure or a cancel. */
  protected finished = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  /** What queued items weigh together (see {@link weigh}). */
  protected get pending(): number {
    return this.weight;
  }

  /** The weight of one item: 1 unless a subclass counts bytes or text. */
  protected weigh(_item: T): number {
    return 1;
  }

  /** Queues an item and wakes the reader; ignored once closed. */
  push(item: T): void {
    if (this.finished) return;
    this.items.push(item);
    this.weight += this.weigh(item);
    this.wakeUp();
  }

  /** No more items: what is queued can still be read, then `read` gives `null`. */
  close(): void {
    this.finished = true;
    this.wakeUp();
  }

  /**
   * Drops what is queued; `read` rejects with `error` from now on. After `close` it still fails
   * what was not read yet; once failed, cancelled or read to the end it does nothing.
   */
  fail(error: unknown): void {
    if (this.failure || (this.finished && this.items.length === 0)) return;
    this.finished = true;
    this.failure = { error };
    this.discard();
    this.wakeUp();
  }

  cancel(): void {
    this.discard();
    this.close();
  }

  /** Drops what is queued and not read yet. */
  protected discard(): void {
    this.items = [];
    this.weight = 0;
  }

  /** Called after a read took a batch, also the last one after `close` (e.g. to resume a paused producer). */
  protected afterRead(): void {}

  async read(): Promise<T[] | null> {
    if (this.items.length === 0 && !this.finished) {
      // Woken by the first item; the rest of its burst arrives before this resumes.
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure) throw this.failure.error;
    if (this.items.length === 0) return null;
    const batch = this.items;
    this.discard();
    this.afterRead();
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
