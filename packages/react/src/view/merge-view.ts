import { type MergeView, mergeAppend, mergeReplace } from '@cascadekit/core';
import type { MergeMode } from '../context/cascade-context.js';

/**
 * How `<CascadeChat.Text>` shows an upgraded answer per merge mode: `append` keeps the draft
 * above the refinement; `replace` and `diff` show the final text (`diff` keeps its changed
 * sentences marked, see `swap-marks.ts`); a function builds its own view. This file must not
 * import `merge-diff.js`, or bundlers put jsdiff in the main chunk.
 * @internal
 */
export function mergeView(draft: string, final: string, merge: MergeMode): MergeView {
  if (typeof merge === 'function') return merge(draft, final);
  return merge === 'append' ? mergeAppend(draft, final) : mergeReplace(draft, final);
}
