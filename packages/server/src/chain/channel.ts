/**
 * A single-consumer async queue. Producers `push` and `close`; the consumer iterates.
 * Unlike an async generator, `return()` takes effect at once even while a `next()` is
 * pending, so a cancelled response stops upstream work immediately (via `onCancel`).
 */
export class Channel<T> implements AsyncIterable<T> {
  private buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  /** The batch consumer's wake-up ({@link ready}), while it waits. */
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly onCancel: () => void = () => {}) {}

  push(value: T): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value, done: false });
      return;
    }
    this.buffer.push(value);
    this.wakeBatch();
  }

  private wakeBatch(): void {
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      wake();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flushEnd();
  }

  private flushEnd(): void {
    this.wakeBatch();
    if (this.buffer.length > 0 || !this.waiting) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting({ value: undefined, done: true });
  }

  /**
   * Internal, with {@link take}: the values a batch at a time, everything buffered when the
   * consumer wakes, so a burst of pushes (the tokens of one network read) costs one promise at
   * most. A promise that settles once a batch (or the end) is there, or `undefined` when it is
   * there already, so a consumer that keeps up allocates none.
   */
  ready(): Promise<void> | undefined {
    if (this.buffer.length > 0 || this.closed) return undefined;
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  /** Internal: everything buffered (after {@link ready}), or `undefined` once closed and empty. */
  take(): T[] | undefined {
    if (this.buffer.length === 0) return undefined;
    const batch = this.buffer;
    this.buffer = [];
    return batch;
  }

  /** Internal: cancels as `return()` of an iterator does. */
  cancel(): void {
    const wasOpen = !this.closed;
    this.buffer.length = 0;
    this.close();
    if (wasOpen) this.onCancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const value = this.buffer.shift();
        if (value !== undefined) return Promise.resolve({ value, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        this.cancel();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
