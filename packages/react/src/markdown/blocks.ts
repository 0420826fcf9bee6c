/** A top-level markdown block: its kind and its source text. */
export interface Block {
  kind: 'paragraph' | 'heading' | 'list' | 'code' | 'quote' | 'table';
  /** Offset of the block's first character in the whole text; stable while streaming. */
  start: number;
  source: string;
}

const FENCE = /^ {0,3}(```|~~~)/;
const HEADING = /^ {0,3}#{1,6}\s/;
const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])\s/;
const QUOTE = /^ {0,3}>/;
/** A GFM table's delimiter row, e.g. `| --- | :-: |`; at least one pipe, so `---` stays a rule. */
const TABLE_DELIMITER = /^ {0,3}(?=[^\n]*\|)\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** The cells of a table row: split at unescaped pipes, outer pipes dropped, `\|` kept as a pipe. */
export function tableCells(row: string): string[] {
  let line = row.trim();
  if (line.startsWith('|')) line = line.slice(1);
  if (line.endsWith('|') && !line.endsWith('\\|')) line = line.slice(0, -1);
  return line.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Indent of a list item line, tabs counted as 4 columns. */
export function indentOf(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 4;
    else break;
  }
  return width;
}

type LineKind = 'blank' | 'fence' | 'heading' | 'list' | 'quote' | 'text' | 'indented';

function classify(line: string): LineKind {
  if (line.trim() === '') return 'blank';
  if (FENCE.test(line)) return 'fence';
  if (HEADING.test(line)) return 'heading';
  if (LIST_ITEM.test(line)) return 'list';
  if (QUOTE.test(line)) return 'quote';
  if (/^\s{2,}\S/.test(line)) return 'indented';
  return 'text';
}

/**
 * Splits markdown into top-level blocks from `from` on. Lines are classified on their own
 * (only an open code fence spans lines), so every block but the last is final once a later
 * block has started; that is what makes incremental splitting correct.
 */
export function splitBlocks(text: string, from = 0): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let fence: string | null = null;
  let pos = from;
  let lineStart = from;
  const close = (end: number) => {
    if (current) current.source = text.slice(current.start, end).replace(/\n+$/, '');
    if (current?.source) blocks.push(current);
    current = null;
  };
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(pos, newline < 0 ? text.length : newline);
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) {
        close(end);
        fence = null;
      }
      pos = end;
      continue;
    }
    const kind = classify(line);
    const open = current as Block | null;
    const previousStart = lineStart;
    lineStart = pos;
    if (open?.kind === 'table' && kind === 'text' && line.includes('|')) {
      // Another row of the table.
    } else if (
      open?.kind === 'paragraph' &&
      kind === 'text' &&
      TABLE_DELIMITER.test(line) &&
      previousStart >= open.start &&
      text.slice(previousStart, pos).includes('|') &&
      tableCells(text.slice(previousStart, pos)).length === tableCells(line).length
    ) {
      // The paragraph's last line was a table's header row: the lines before it stay a paragraph.
      close(previousStart);
      current = { kind: 'table', start: previousStart, source: '' };
    } else if (kind === 'blank') {
      // A blank line inside a list may separate loose items; anything else ends the block.
      if (open && open.kind !== 'list') close(pos);
    } else if (kind === 'fence') {
      close(pos);
      current = { kind: 'code', start: pos, source: '' };
      fence = (FENCE.exec(line)?.[1] ?? '```') as string;
    } else if (kind === 'heading') {
      close(pos);
      blocks.push({ kind: 'heading', start: pos, source: line });
    } else if (kind === 'list') {
      const ordered = /^ {0,3}\d/.test(line);
      // An item indented past the list's first item is a nested item of either kind.
      const nested = open?.kind === 'list' && indentOf(line) > indentOf(text.slice(open.start, open.start + 12));
      if (!nested && (open?.kind !== 'list' || ordered !== /^ {0,3}\d/.test(text.slice(open.start, open.start + 12)))) {
        close(pos);
        current = { kind: 'list', start: pos, source: '' };
      }
    } else if (kind === 'quote') {
      if (open?.kind !== 'quote') {
        close(pos);
        current = { kind: 'quote', start: pos, source: '' };
      }
    } else if (
      open === null ||
      open.kind === 'table' ||
      (open.kind === 'list' && kind === 'text' && text[pos - 2] === '\n')
    ) {
      // Text after a blank line ends a list; text right after a list item continues it; a line
      // without a pipe ends a table.
      close(pos);
      current = { kind: 'paragraph', start: pos, source: '' };
    }
    pos = end;
  }
  close(text.length);
  return blocks;
}

/**
 * Splits a growing text incrementally: when the new text extends the previous one,
 * only the last block is parsed again, so a streamed answer costs time linear in its length.
 */
export function createBlockSplitter(): (text: string) => Block[] {
  let prevText = '';
  let prevBlocks: Block[] = [];
  return (text) => {
    if (text === prevText) return prevBlocks;
    const last = prevBlocks[prevBlocks.length - 1];
    if (last && text.startsWith(prevText)) {
      prevBlocks = [...prevBlocks.slice(0, -1), ...splitBlocks(text, last.start)];
    } else {
      prevBlocks = splitBlocks(text);
    }
    prevText = text;
    return prevBlocks;
  };
}
