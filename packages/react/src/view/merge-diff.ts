import type { MergePart, MergeView } from '@cascadekit/core';
import { diffWordsWithSpace } from 'diff';

/**
 * Word-level diff of draft and final text with jsdiff, as `same` / `added` / `removed` parts.
 * Adjacent parts of one kind are joined so the view renders as few spans as possible.
 *
 * @example
 * ```ts
 * mergeDiff('a quick fox', 'a quick red fox');
 * // { mode: 'diff', parts: [same 'a quick ', added 'red ', same 'fox'] }
 * ```
 */
export function mergeDiff(draft: string, final: string): MergeView {
  const parts: MergePart[] = [];
  for (const change of diffWordsWithSpace(draft, final)) {
    const kind: MergePart['kind'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return { mode: 'diff', parts };
}
