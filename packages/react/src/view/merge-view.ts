import { type MergeView, mergeAppend, mergeReplace } from '@cascadekit/core';
import type { MergeMode } from '../context/cascade-context.js';

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
