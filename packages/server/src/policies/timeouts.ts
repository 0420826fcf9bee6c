import type { FailureReason } from '@cascadekit/core';
import { type Clock, setTimer } from '../clock.js';
import type { TimeoutsConfig } from '../config/types.js';
import { ProviderError } from '../providers/types.js';

/** Default per-attempt deadlines, ms. */
export const DEFAULT_TIMEOUTS: Readonly<Required<TimeoutsConfig>> = {
  headersMs: 10_000,
  firstTokenMs: 15_000,
  idleMs: 10_000,
};

/** Default total deadline of a lane, ms. */
export const DEFAULT_LANE_DEADLINE_MS = 60_000;

/** Fills in the defaults. */
export function resolveTimeouts(config: TimeoutsConfig | undefined): Required<TimeoutsConfig> {
  return { ...DEFAULT_TIMEOUTS, ...config };
}

/** The phase of an attempt decides which deadline guards the next chunk. */
export type StreamPhase = 'headers' | 'first-token' | 'streaming';

/** Deadline and failure reason of the wait for the next chunk in `phase`. */
export function phaseDeadline(
  phase: StreamPhase,
  timeouts: Required<TimeoutsConfig>,
): { ms: number; reason: FailureReason } {
  switch (phase) {
    case 'headers':
      return { ms: timeouts.headersMs, reason: 'timeout-headers' };
    case 'first-token':
      return { ms: timeouts.firstTokenMs, reason: 'timeout-first-token' };
    case 'streaming':
      return { ms: timeouts.idleMs, reason: 'timeout-idle' };
  }
}

/**
 * The chunk deadline of one attempt: one timer for the whole attempt instead of a timer, an
 * AbortController and an abort listener per chunk (those dominated the streaming hot path).
 * Each {@link next} only moves `deadline`; when the timer fires before it, it sleeps the rest.
 * Works with any {@link Clock}, so fake clocks drive it like they drive every other deadline.
 */
export class ChunkWatchdog {
  private deadline = 0;
  private ms = 0;
  private reason: FailureReason = 'timeout-headers';
  /** Rejects the wait in flight; undefined between waits. */
  private fail: ((error: unknown) => void) | undefined;
  /** Cancels the parked timer; `armedUntil` is when it fires. */
  private timer: (() => void) | undefined;
  private armedUntil = Number.POSITIVE_INFINITY;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Waits for `iterator.next()` at most `ms`, and no longer than the signal stays unaborted.
   * On timeout it rejects with a `ProviderError(reason)`; on abort with the signal's reason.
   */
  next<T>(iterator: AsyncIterator<T>, ms: number, reason: FailureReason): Promise<IteratorResult<T>> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    if (this.disposed) return Promise.reject(new ProviderError('aborted', 'The attempt ended.'));
    this.ms = ms;
    this.reason = reason;
    this.deadline = this.clock.now() + ms;
    // Re-arm only when the deadline moved earlier than the parked timer (a shorter phase began).
    if (this.deadline < this.armedUntil) this.arm(ms);
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      const settle = () => {
        if (this.fail === fail) this.fail = undefined;
      };
      const fail = (error: unknown) => {
        settle();
        reject(error);
      };
      this.fail = fail;
      iterator.next().then((result) => {
        settle();
        resolve(result);
      }, fail);
    });
  }

  /** Clears the timer and the abort listener; later waits reject. */
  dispose(): void {
    this.disposed = true;
    this.disarm();
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private arm(ms: number): void {
    this.disarm();
    this.armedUntil = this.clock.now() + ms;
    const timer: () => void = setTimer(this.clock, ms, () => this.onTimer(timer));
    this.timer = timer;
  }

  private disarm(): void {
    this.timer?.();
    this.timer = undefined;
    this.armedUntil = Number.POSITIVE_INFINITY;
  }

  private onTimer(timer: () => void): void {
    if (this.timer !== timer) return;
    this.timer = undefined;
    this.armedUntil = Number.POSITIVE_INFINITY;
    // Between waits nothing is due: the next wait arms again.
    if (!this.fail || this.disposed) return;
    const left = this.deadline - this.clock.now();
    if (left > 0) {
      this.arm(left);
      return;
    }
    this.fail(new ProviderError(this.reason, `No chunk within ${this.ms} ms (${this.reason}).`));
  }

  private readonly onAbort = (): void => {
    this.disarm();
    this.fail?.(this.signal.reason);
  };
}
