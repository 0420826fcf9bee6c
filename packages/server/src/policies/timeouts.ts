import type { FailureReason } from '@cascadekit/core';
import type { Clock } from '../clock.js';
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
 * Waits for `iterator.next()` at most `ms`, and no longer than `signal` stays unaborted.
 * On timeout it rejects with a `ProviderError(reason)`; on abort with the signal's reason.
 * Its own timer is always cleared before it returns.
 */
export async function nextWithin<T>(
  iterator: AsyncIterator<T>,
  options: { ms: number; reason: FailureReason; clock: Clock; signal: AbortSignal },
): Promise<IteratorResult<T>> {
  const { ms, reason, clock, signal } = options;
  if (signal.aborted) throw signal.reason;
  const timer = new AbortController();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const timeout = clock.sleep(ms, timer.signal).then(
    () => Promise.reject(new ProviderError(reason, `No chunk within ${ms} ms (${reason}).`)),
    // A fresh never-settling promise per wait: a shared one would keep every race's reaction alive.
    () => new Promise<never>(() => {}),
  );
  try {
    return await Promise.race([iterator.next(), timeout, aborted]);
  } finally {
    timer.abort();
    signal.removeEventListener('abort', onAbort);
    aborted.catch(() => {});
  }
}
