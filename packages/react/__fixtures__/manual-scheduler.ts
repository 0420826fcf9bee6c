import type { Scheduler } from '@cascadekit/core';

/** A scheduler the test flushes by hand, to count exactly how token updates are batched. */
export function manualScheduler() {
  let pending: (() => void) | null = null;
  const schedule: Scheduler = (flush) => {
    pending = flush;
    return () => {
      if (pending === flush) pending = null;
    };
  };
  return {
    schedule,
    get pending() {
      return pending !== null;
    },
    flush() {
      const run = pending;
      pending = null;
      run?.();
    },
  };
}
