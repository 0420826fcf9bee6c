import type { FailoverPolicy } from '../config/types.js';

/**
 * How the next attempt of a lane starts:
 * - `fresh`: nothing is kept; its text is the lane's text;
 * - `prefill`: it gets the text shown as an assistant prefill and continues it;
 * - `splice`: it restarts, and its text is held until it has passed the text shown: when it
 *   begins with exactly that text the rest streams on, else the lane diverges.
 */
export type HandoverMode = 'fresh' | 'prefill' | 'splice';

/**
 * Whether the lane discards the text shown after a failure (a `reset`). `restart` always does;
 * `continue` keeps it, unless the output was rejected by validation or confidence: continuing
 * from a rejected answer would keep its fault. Nothing shown, nothing to discard.
 */
export function planHandover(policy: FailoverPolicy, shownText: string, rejectedOutput: boolean): { reset: boolean } {
  if (shownText.length === 0) return { reset: false };
  return { reset: policy === 'restart' || rejectedOutput };
}

/**
 * How an attempt of a model continues the text the lane kept: by prefill where the model takes
 * one, else by restarting and splicing; `fresh` when nothing is kept.
 *
 * @example
 * ```ts
 * handoverMode('', true); // 'fresh'
 * handoverMode('The quick', true); // 'prefill'
 * handoverMode('The quick', false); // 'splice'
 * ```
 */
export function handoverMode(keptText: string, takesPrefill: boolean): HandoverMode {
  if (keptText.length === 0) return 'fresh';
  return takesPrefill ? 'prefill' : 'splice';
}
