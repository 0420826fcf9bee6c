/** One part of a merged view of draft and final text. */
export interface MergePart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/**
 * How the final text is shown against the draft once it stands.
 * - `replace`: the final text alone.
 * - `append`: the draft, then the final text beneath it as a refinement.
 * - `diff`: word-level parts, added and removed spans marked.
 */
export type MergeView =
  | { mode: 'replace'; text: string }
  | { mode: 'append'; draft: string; refinement: string }
  | { mode: 'diff'; parts: MergePart[] };

/** Replaces the draft with the final text. The default. */
export function mergeReplace(_draft: string, final: string): MergeView {
  return { mode: 'replace', text: final };
}

/** Keeps the draft and shows the final text beneath it. */
export function mergeAppend(draft: string, final: string): MergeView {
  return { mode: 'append', draft, refinement: final };
}
