import { type AnswerState, type MergeView, mergeAppend, mergeReplace } from '@cascadekit/core';
import type { MergeMode, RevealMode } from '../context/cascade-context.js';

/**
 * The lane whose text the view shows. With `reveal: 'stream'` the final lane takes
 * over while it streams, once its text is at least as long as the draft's; if it is
 * later rejected the view falls back to the draft.
 */
export function visibleLane(answer: AnswerState, reveal: RevealMode): 'draft' | 'final' | null {
  if (reveal === 'stream' && answer.settledAt === undefined) {
    const { draft, final } = answer;
    const finalAlive = final.status === 'streaming' || (final.status === 'done' && final.validation === undefined);
    if (finalAlive && final.text.length > 0 && final.text.length >= draft.text.length) return 'final';
  }
  return answer.shown;
}

/** The text the view shows right now (before merging). */
export function visibleText(answer: AnswerState, reveal: RevealMode): string {
  const lane = visibleLane(answer, reveal);
  return lane ? answer[lane].text : '';
}

/** True when a settled answer replaced a visible draft, so there is something to merge. */
export function isUpgraded(answer: AnswerState): boolean {
  return answer.status === 'final' && answer.upgraded && answer.draft.text.length > 0;
}

/**
 * `mergeTexts` with the word diff passed in, so `<CascadeChat.Text>` can load `diff` lazily:
 * until `diff` is given, diff mode shows the plain final text. This file must not import
 * `merge-diff.js`, or bundlers put `diff` in the main chunk.
 * @internal
 */
export function mergeView(
  draft: string,
  final: string,
  merge: MergeMode,
  diff: ((draft: string, final: string) => MergeView) | undefined,
): MergeView {
  if (typeof merge === 'function') return merge(draft, final);
  if (merge === 'append') return mergeAppend(draft, final);
  if (merge === 'diff' && diff) return diff(draft, final);
  return mergeReplace(draft, final);
}
