import { changedSentences } from './sentences.js';

/** The highlight names: `ck-changed` (added or changed sentences, `-fading` as the mark goes), `ck-removed` (the draft's, in the comparison). */
export type MarkName = 'ck-changed' | 'ck-changed-fading' | 'ck-removed';

type Highlights = Map<string, Set<Range>>;
declare const Highlight: { new (...ranges: Range[]): Set<Range> };

const registry = (): Highlights | undefined =>
  typeof CSS !== 'undefined' && 'highlights' in CSS
    ? (CSS as unknown as { highlights: Highlights }).highlights
    : undefined;

/** Ranges covering each sentence in `element`'s rendered text, found in order; sentences not found are skipped. */
export function rangesOf(element: HTMLElement, sentences: readonly string[]): Range[] {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  let text = '';
  const starts: number[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    starts.push(text.length);
    text += node.nodeValue ?? '';
  }
  const at = (offset: number): [Text, number] => {
    let i = starts.length - 1;
    while (i > 0 && (starts[i] as number) > offset) i -= 1;
    return [nodes[i] as Text, offset - (starts[i] as number)];
  };
  const ranges: Range[] = [];
  let from = 0;
  for (const sentence of sentences) {
    const index = text.indexOf(sentence, from);
    if (index < 0) continue;
    from = index + sentence.length;
    const range = document.createRange();
    range.setStart(...at(index));
    range.setEnd(...at(from - 1));
    range.setEnd(range.endContainer, range.endOffset + 1);
    ranges.push(range);
  }
  return ranges;
}

/**
 * Marks, in `element`'s rendered text, the sentences of `next` that `previous` lacks, with the
 * CSS Custom Highlight API: no element is added or moved, so marking costs no layout and cannot
 * shift the text. Browsers without the API show no marks. Returns a function that removes them.
 * @internal
 */
export function markChanges(element: HTMLElement, previous: string, next: string, name: MarkName): () => void {
  const highlights = registry();
  if (!highlights) return () => {};
  const ranges = rangesOf(element, changedSentences(previous, next));
  let highlight = highlights.get(name);
  if (!highlight) {
    highlight = new Highlight();
    highlights.set(name, highlight);
  }
  for (const range of ranges) highlight.add(range);
  return () => {
    for (const range of ranges) highlight.delete(range);
  };
}

/** How many ranges a highlight holds now (for tests and custom UIs). */
export function markCount(name: MarkName): number {
  return registry()?.get(name)?.size ?? 0;
}
