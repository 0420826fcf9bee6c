import type { CascadeEvent } from '@cascadekit/core';
import { type Batches, BatchQueue } from '../batch-queue.js';
import { type Clock, setTimer } from '../clock.js';

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
export interface TurnEvents extends Batches<CascadeEvent>, AsyncIterable<CascadeEvent> {
  /**
   * Settles when the events are over: fulfils once the reader has had the last one (or
   * cancelled), rejects with a {@link SlowClientError} when the reader stayed behind too long.
   * Unlike a read it settles without anyone reading, so a response body can fail at once.
   */
  readonly closed: Promise<void>;
}

/**
 * Default of `maxBufferedBytes`: text (in UTF-16 units, about bytes for most answers) that may
 * wait in a turn's queue before its lanes stop reading their upstreams. A reader that keeps up
 * never gets near it; a slow client's turn holds at most this much plus one upstream read per lane.
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024;

/** Default of `slowClientMs`: how long a turn's reader may leave its queue full without taking any of it. */
export const DEFAULT_SLOW_CLIENT_MS = 10_000;

/**
 * The turn ended because its reader stayed behind: its queue held `maxBufferedBytes` or more
 * and nothing of it was read for `slowClientMs`. The turn's upstream calls are cancelled and
 * its response body fails, so the client is disconnected rather than held.
 */
export class SlowClientError extends Error {
  override readonly name = 'SlowClientError';
  readonly code = 'slow_client';

  constructor(readonly waitedMs: number) {
    super(
      `The client read none of its waiting answer for ${waitedMs} ms; the turn was cancelled and the client disconnected.`,
    );
  }
}

/** Options of a {@link TurnEventQueue}. */
export interface TurnQueueOptions {
  /** Weight past which the lanes wait before reading their upstreams. Default {@link DEFAULT_MAX_BUFFERED_BYTES}. */
  maxBufferedBytes?: number;
  /** How long the queue may stay full before the reader counts as too slow. Default {@link DEFAULT_SLOW_CLIENT_MS}. */
  slowClientMs?: number;
  /** Runs the slow-client timer. */
  clock: Clock;
}

/** What an event counts for against `maxBufferedBytes` beside its text. */
const EVENT_WEIGHT = 256;

/**
 * The runner's {@link TurnEvents}: lanes `push`, the response reads. `room()` tells a lane
 * whether to wait before it reads its upstream again (the queue holds `maxBufferedBytes`). A
 * reader that reads nothing of a full queue for `slowClientMs`, while the lanes run or after
 * they ended, fails the turn with a {@link SlowClientError}: the queue is dropped and
 * `onCancel` ends the turn's lanes.
 */
export class TurnEventQueue extends BatchQueue<CascadeEvent> implements TurnEvents {
  /** Lanes waiting for the reader to take the queue. */
  private waiting: (() => void)[] = [];
  private readonly limit: number;
  private readonly slowClientMs: number;
  private readonly clock: Clock | undefined;
  /** Cancels the slow-client timer, armed while the queue is full and cleared by each read. */
  private stopTimer: (() => void) | undefined;
  private ended: { promise: Promise<void>; settle: (error?: { error: unknown }) => void } | undefined;
  private outcome: { error: unknown } | null | undefined;

  /**
   * @param onCancel ends the turn: the reader cancelled (no argument) or stayed behind (the error)
   * @param options the cap and the slow-client rule; without a clock the queue never times out
   */
  constructor(
    private readonly onCancel: (reason?: SlowClientError) => void,
    options?: TurnQueueOptions,
  ) {
    super();
    this.limit = options?.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.slowClientMs = options?.slowClientMs ?? DEFAULT_SLOW_CLIENT_MS;
    this.clock = options?.clock;
  }

  protected override weigh(event: CascadeEvent): number {
    // lane-done repeats the lane's whole text: an answer of megabytes is megabytes to send.
    if (event.type === 'delta') return event.text.length + 48;
    return event.type === 'lane-done' ? event.text.length + EVENT_WEIGHT : EVENT_WEIGHT;
  }

  override push(event: CascadeEvent): void {
    super.push(event);
    // The reader has this long to take a full queue, whether or not a lane waits on it.
    if (this.pending >= this.limit && !this.stopTimer && this.clock) {
      this.stopTimer = setTimer(this.clock, this.slowClientMs, this.tooSlow);
    }
  }

  /** `undefined` while the queue has room; else settles once the reader took it (or the turn ended). */
  room(): Promise<void> | undefined {
    if (this.pending < this.limit || this.finished) return undefined;
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  get closed(): Promise<void> {
    if (!this.ended) {
      let settle: (error?: { error: unknown }) => void = () => {};
      const promise = new Promise<void>((resolve, reject) => {
        settle = (failure) => (failure ? reject(failure.error) : resolve());
      });
      // Only those who ask see a rejection: never an unhandled one.
      promise.catch(() => {});
      this.ended = { promise, settle };
      if (this.outcome !== undefined) settle(this.outcome ?? undefined);
    }
    return this.ended.promise;
  }

  protected override afterRead(): void {
    this.release();
    if (this.finished) this.settle(null);
  }

  /** No more events; `closed` fulfils once the reader has taken what is queued. */
  override close(): void {
    super.close();
    if (this.pending === 0) {
      this.release();
      this.settle(null);
    }
  }

  override fail(error: unknown): void {
    super.fail(error);
    this.release();
    this.settle({ error });
  }

  override cancel(): void {
    const open = !this.finished;
    super.cancel();
    if (open) this.onCancel();
  }

  private readonly tooSlow = (): void => {
    this.stopTimer = undefined;
    if (this.pending === 0) return;
    const error = new SlowClientError(this.slowClientMs);
    this.fail(error);
    this.onCancel(error);
  };

  private settle(outcome: { error: unknown } | null): void {
    if (this.outcome !== undefined) return;
    this.outcome = outcome;
    this.ended?.settle(outcome ?? undefined);
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
    if (this.stopTimer) {
      this.stopTimer();
      this.stopTimer = undefined;
    }
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
