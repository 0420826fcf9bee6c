import type { LimitStore } from './limit-store.js';

/** At most `max` per `windowMs` milliseconds (turns, or tokens). */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** A sliding window's two fixed windows as the store holds them, and how far into the current one `now` is. */
export interface WindowCounts {
  previous: number;
  current: number;
  /** Fraction of the current window that has passed, in [0, 1). */
  elapsed: number;
  /** Store key of the current window. */
  key: string;
}

/**
 * The store key of `name`'s window `index`. The window length is part of the key, so a changed
 * limit never reads counts taken under another one.
 */
export const windowKey = (kind: string, windowMs: number, index: number, name: string): string =>
  `${kind}:${windowMs}:${index}:${name}`;

/**
 * Reads the sliding window of `name` at `now`. A sliding window counter (the estimate weighs the
 * previous fixed window by the part of it still inside the sliding one) needs two counters per
 * key and no per-event log, and never lets twice the limit through at a window's edge as a
 * fixed window does.
 */
export async function readWindow(
  store: LimitStore,
  kind: string,
  name: string,
  windowMs: number,
  now: number,
): Promise<WindowCounts> {
  const index = Math.floor(now / windowMs);
  const key = windowKey(kind, windowMs, index, name);
  const [previous, current] = await Promise.all([
    store.get(windowKey(kind, windowMs, index - 1, name)),
    store.get(key),
  ]);
  return { previous, current, elapsed: (now - index * windowMs) / windowMs, key };
}

/** The sliding estimate: all of the current window and the share of the previous one still inside. */
export function estimate(counts: Pick<WindowCounts, 'previous' | 'current' | 'elapsed'>): number {
  return counts.previous * (1 - counts.elapsed) + counts.current;
}

/**
 * Milliseconds until `cost` more fits under `limit.max`, if nothing else is counted meanwhile:
 * while the current window alone leaves room, until enough of the previous one slid out; else
 * into the next window, until enough of this one did. `Infinity` when `cost` exceeds the limit.
 */
export function waitMs(
  counts: Pick<WindowCounts, 'previous' | 'current' | 'elapsed'>,
  limit: WindowLimit,
  cost: number,
): number {
  const { previous, current, elapsed } = counts;
  if (cost > limit.max) return Number.POSITIVE_INFINITY;
  if (estimate(counts) + cost <= limit.max) return 0;
  if (current + cost <= limit.max) {
    // previous · (1 − e) + current + cost ≤ max once e ≥ 1 − (max − current − cost) / previous.
    const until = 1 - (limit.max - current - cost) / previous;
    return Math.max(0, (until - elapsed) * limit.windowMs);
  }
  // In the next window, this one is the previous: current · (1 − g) + cost ≤ max.
  const into = 1 - (limit.max - cost) / current;
  return (1 - elapsed + Math.max(0, into)) * limit.windowMs;
}
