/**
 * A single-consumer async queue. Producers `push` and `close`; the consumer iterates.
 * Unlike an async generator, `return()` takes effect at once even while a `next()` is
 * pending, so a cancelled response stops upstream work immediately (via `onCancel`).
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;

  constructor(private readonly onCancel: () => void = () => {}) {}

  push(value: T): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value, done: false });
    } else this.buffer.push(value);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flushEnd();
  }

  private flushEnd(): void {
    if (this.buffer.length > 0 || !this.waiting) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting({ value: undefined, done: true });
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
        const wasOpen = !this.closed;
        this.buffer.length = 0;
        this.close();
        if (wasOpen) this.onCancel();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
