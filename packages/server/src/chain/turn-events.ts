import type { CascadeEvent } from '@cascadekit/core';
import { type Batches, BatchQueue } from '../batch-queue.js';

/**
 * A turn's protocol events as the runner produces them. Read them a batch at a time with
 * `read()` (every event that is there: the events of one upstream read come together, so a
 * reader wakes once per network read, not once per token), or one at a time with `for await`.
 * `cancel()` (or leaving the loop) ends the turn at once: every lane and upstream call is
 * aborted.
 *
 * @example
 * ```ts
 * const events = context.runChain('support', messages, request.signal);
 * for (let batch = await events.read(); batch !== null; batch = await events.read()) {
 *   for (const event of batch) if (event.type === 'delta') process.stdout.write(event.text);
 * }
 * ```
 */
export interface TurnEvents extends Batches<CascadeEvent>, AsyncIterable<CascadeEvent> {}

/**
 * Text (in UTF-16 units, about bytes for most answers) that may wait in a turn's queue before
 * its lanes stop reading their upstreams. A reader that keeps up never gets near it; a slow
 * client's turn holds at most this much plus one upstream read per lane.
 */
export const TURN_QUEUE_LIMIT = 64 * 1024;

/** What an event other than a delta counts for against {@link TURN_QUEUE_LIMIT}. */
const EVENT_WEIGHT = 256;

/**
 * The runner's {@link TurnEvents}: lanes `push`, the response reads. `room()` tells a lane
 * whether to wait before it reads its upstream again (the queue is over {@link TURN_QUEUE_LIMIT}).
 */
export class TurnEventQueue extends BatchQueue<CascadeEvent> implements TurnEvents {
  /** Lanes waiting for the reader to take the queue. */
  private waiting: (() => void)[] = [];

  constructor(private readonly onCancel: () => void) {
    super();
  }

  protected override weigh(event: CascadeEvent): number {
    return event.type === 'delta' ? event.text.length + 48 : EVENT_WEIGHT;
  }

  /** `undefined` while the queue has room; else settles once the reader took it (or the turn ended). */
  room(): Promise<void> | undefined {
    if (this.pending < TURN_QUEUE_LIMIT || this.closed) return undefined;
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  protected override afterRead(): void {
    this.release();
  }

  override close(): void {
    super.close();
    this.release();
  }

  override cancel(): void {
    const open = !this.closed;
    super.cancel();
    if (open) this.onCancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<CascadeEvent> {
    let batch: CascadeEvent[] = [];
    let index = 0;
    return {
      next: async () => {
        while (index >= batch.length) {
          const next = await this.read();
          if (next === null) return { value: undefined, done: true };
          batch = next;
          index = 0;
        }
        return { value: batch[index++] as CascadeEvent, done: false };
      },
      return: async () => {
        this.cancel();
        return { value: undefined, done: true };
      },
    };
  }

  private release(): void {
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** Reads the rest of a turn in the background, so it runs to its end (its accounting hooks too). */
export function drainTurn(events: TurnEvents): void {
  const step = (): Promise<void> => events.read().then((batch) => (batch === null ? undefined : step()));
  step().catch(() => {});
}
