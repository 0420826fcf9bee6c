import type { FailoverPolicy } from '../config/types.js';

/** How the lane hands over to its next attempt after `partialText` was streamed. */
export interface HandoverPlan {
  /** Send a `reset` event: the client discards the lane's text. */
  reset: boolean;
  /** Text the next attempt continues from (sent as `continueFrom`). */
  continueFrom?: string;
  /** Text the lane keeps; the next attempt's text is appended to it. */
  keptText: string;
}

/**
 * Failover in mid-stream without mixing text. `restart` discards the partial text (a `reset`
 * event, then the next model starts fresh); `continue` keeps it and asks the next model to
 * carry on from it, so the client's text continues seamlessly. Text that failed validation or
 * confidence is always discarded: continuing from a rejected answer would keep its fault.
 */
export function planHandover(policy: FailoverPolicy, partialText: string, rejectedOutput: boolean): HandoverPlan {
  if (partialText.length === 0) return { reset: false, keptText: '' };
  if (policy === 'continue' && !rejectedOutput)
    return { reset: false, continueFrom: partialText, keptText: partialText };
  return { reset: true, keptText: '' };
}
