/**
 * Time as the server and the simulator see it. Injectable so tests can drive time
 * (vitest's fake timers work with {@link systemClock} too, since it reads the globals
 * on every call). Browser-safe: no Node API.
 */
export interface Clock {
  /** Milliseconds on a monotonic-enough scale; only differences are used. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Rejects with the signal's reason as soon as
   * `signal` aborts, and clears its timer then, so no timer outlives its purpose.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Runs `fn` after `ms` milliseconds unless the returned function cancels it first. The
   * runner arms deadlines with it on every attempt, so a bare timer (no signal, listener or
   * promise) pays. Optional: a clock without it gets its timers through {@link sleep}.
   */
  setTimer?(ms: number, fn: () => void): () => void;
}

/** Reason used when a signal aborted without one. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100, controller.signal);
 * const cancel = systemClock.setTimer(100, () => console.log('late'));
 * ```
 */
export const systemClock: Required<Clock> = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/**
 * Runs `fn` after `ms` on `clock` unless the returned function cancels it first: the clock's own
 * `setTimer`, or its `sleep` for a clock without one.
 */
export function setTimer(clock: Clock, ms: number, fn: () => void): () => void {
  if (clock.setTimer) return clock.setTimer(ms, fn);
  const controller = new AbortController();
  clock.sleep(ms, controller.signal).then(fn, () => {});
  return () => controller.abort(CANCELLED);
}

/** Cancels a timer without building a DOMException (what `abort()` with no reason does). */
const CANCELLED = Symbol('cancelled');
