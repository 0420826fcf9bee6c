/**
 * Schedules a flush of batched state updates and returns a function that cancels it.
 * Token updates go through a scheduler so that a fast stream costs one store update
 * (and one render) per animation frame, not one per token.
 */
export type Scheduler = (flush: () => void) => () => void;

/** Flushes at once: one store update per event. Useful in tests and on servers. */
export const immediateScheduler: Scheduler = (flush) => {
  flush();
  return () => {};
};

/** Flushes on the next animation frame where there is one, else after a microtask. */
export const frameScheduler: Scheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(flush);
    return () => cancelAnimationFrame(handle);
  }
  let cancelled = false;
  queueMicrotask(() => {
    if (!cancelled) flush();
  });
  return () => {
    cancelled = true;
  };
};

/** Flushes at most once per `ms` milliseconds. */
export function intervalScheduler(ms: number): Scheduler {
  return (flush) => {
    const handle = setTimeout(flush, ms);
    return () => clearTimeout(handle);
  };
}
