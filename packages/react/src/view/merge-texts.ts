import type { MergeView } from '@cascadekit/core';
import type { MergeMode } from '../context/cascade-context.js';
import { mergeDiff } from './merge-diff.js';
import { mergeView } from './merge-view.js';

/**
 * How an upgraded answer's final text is shown against its draft, per merge mode, as data:
 * `diff` here is jsdiff's word diff (`mergeDiff`), for views of your own; `<CascadeChat.Text>`
 * renders `diff` as the final text with its changed sentences marked instead.
 *
 * @example
 * ```ts
 * mergeTexts('a quick fox', 'a quick red fox', 'diff');
 * ```
 */
export function mergeTexts(draft: string, final: string, merge: MergeMode): MergeView {
  return merge === 'diff' ? mergeDiff(draft, final) : mergeView(draft, final, merge);
}
