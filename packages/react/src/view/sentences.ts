/**
 * The sentences of a markdown answer as a reader sees them: markup stripped (list markers,
 * heading marks, emphasis, code ticks, link targets), one entry per sentence, in order.
 * @internal
 */
export function sentencesOf(markdown: string): string[] {
  const sentences: string[] = [];
  let fenced = false;
  for (const raw of markdown.split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^\s*\|?\s*:?-{3,}/.test(raw)) continue;
    const line = raw
      .replace(/^\s*(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)\s+/, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(\*\*|__|\*|_|`)/g, '')
      .replace(/\s*\|\s*/g, ' ')
      .trim();
    for (const sentence of line.split(/(?<=[.!?:;])\s+/)) if (sentence.trim()) sentences.push(sentence.trim());
  }
  return sentences;
}

const normal = (sentence: string) => sentence.toLowerCase().replace(/\s+/g, ' ');

/**
 * The sentences of `next` that `previous` does not have (compared without case and spacing):
 * what changed, sentence by sentence, when the final text replaced the draft.
 * @internal
 */
export function changedSentences(previous: string, next: string): string[] {
  const before = new Set(sentencesOf(previous).map(normal));
  return sentencesOf(next).filter((sentence) => !before.has(normal(sentence)));
}
