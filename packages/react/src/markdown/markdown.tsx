import { type CSSProperties, memo, type ReactNode, useRef } from 'react';
import { type Block, createBlockSplitter, indentOf, tableCells } from './blocks.js';
import { renderInline } from './inline.js';
import { FencedCode } from './plain-code-block.js';

const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** A list and its items; an item may hold a nested list. */
interface ListNode {
  ordered: boolean;
  items: { text: string; children: ListNode | null }[];
}

/**
 * Parses a list block into nested lists by indentation: an item indented past its list's
 * items opens a list inside the item before it; other lines continue the last item.
 */
function parseList(source: string): ListNode {
  const root: ListNode = { ordered: /^\s*\d/.test(source), items: [] };
  const stack: { indent: number; list: ListNode }[] = [];
  for (const line of source.split('\n')) {
    const match = ITEM.exec(line);
    if (!match) {
      const last = stack[stack.length - 1]?.list.items.at(-1);
      if (last && line.trim()) last.text += ` ${line.trim()}`;
      continue;
    }
    const indent = indentOf(line);
    const item = { text: match[3] ?? '', children: null as ListNode | null };
    while (stack.length > 1 && indent < (stack[stack.length - 1]?.indent ?? 0)) stack.pop();
    const top = stack[stack.length - 1];
    const parent = top?.list.items.at(-1);
    if (!top) {
      stack.push({ indent, list: root });
    } else if (indent > top.indent && parent) {
      parent.children ??= { ordered: /\d/.test(match[2] ?? ''), items: [] };
      stack.push({ indent, list: parent.children });
    }
    stack[stack.length - 1]?.list.items.push(item);
  }
  return root;
}

function renderList(list: ListNode): ReactNode {
  const items = list.items.map((item, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: items are append-only while streaming
    <li key={i}>
      {renderInline(item.text)}
      {item.children ? renderList(item.children) : null}
    </li>
  ));
  return list.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
}

/** Column alignments from a delimiter row: `:--` left, `--:` right, `:-:` center. */
function alignments(delimiter: string): CSSProperties['textAlign'][] {
  return tableCells(delimiter).map((cell) =>
    cell.endsWith(':') ? (cell.startsWith(':') ? 'center' : 'right') : cell.startsWith(':') ? 'left' : undefined,
  );
}

function renderTable(source: string): ReactNode {
  const [header = '', delimiter = '', ...rows] = source.split('\n');
  const align = alignments(delimiter);
  // Rows are cut or padded to the header's width, as GFM does.
  const row = (line: string, Cell: 'th' | 'td', key: number) => {
    const cells = tableCells(line);
    return (
      <tr key={key}>
        {align.map((textAlign, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed by the header
          <Cell key={i} scope={Cell === 'th' ? 'col' : undefined} style={textAlign ? { textAlign } : undefined}>
            {renderInline(cells[i] ?? '')}
          </Cell>
        ))}
      </tr>
    );
  };
  return (
    // The wrapper scrolls a wide table sideways instead of widening the message.
    <div className="ck-table">
      <table>
        <thead>{row(header, 'th', 0)}</thead>
        {rows.length > 0 ? <tbody>{rows.map((line, r) => row(line, 'td', r))}</tbody> : null}
      </table>
    </div>
  );
}

function renderBlock(block: Block): ReactNode {
  const { kind, source } = block;
  switch (kind) {
    case 'heading': {
      const level = /^ {0,3}(#+)/.exec(source)?.[1]?.length ?? 1;
      // Rendered as strong text, not <h1>…: an answer must not disturb the page's heading outline.
      return (
        <p className="ck-md-heading" data-level={level}>
          <strong>{renderInline(source.replace(/^ {0,3}#+\s+/, '').replace(/\s+#+\s*$/, ''))}</strong>
        </p>
      );
    }
    case 'list':
      return renderList(parseList(source));
    case 'table':
      return renderTable(source);
    case 'code': {
      const lines = source.split('\n');
      const lang = lines[0]?.replace(/^ {0,3}(```|~~~)/, '').trim() ?? '';
      const body = lines.slice(1);
      const closed = body.length > 0 && /^ {0,3}(```|~~~)\s*$/.test(body[body.length - 1] ?? '');
      if (closed) body.pop();
      return <FencedCode code={body.join('\n')} lang={lang} closed={closed} />;
    }
    case 'quote':
      return <blockquote>{renderInline(source.replace(/^ {0,3}> ?/gm, ''))}</blockquote>;
    default:
      return <p>{renderInline(source)}</p>;
  }
}

/** One block; re-renders only when its own source changed (in practice: the last block). */
const MarkdownBlock = memo(
  function MarkdownBlock({ block }: { block: Block }) {
    return renderBlock(block);
  },
  (a, b) => a.block.source === b.block.source && a.block.kind === b.block.kind,
);

/** Blocks per group; see {@link BlockGroup}. */
const GROUP = 16;

/**
 * A fixed run of blocks (by index: blocks are only ever appended, so a block never changes
 * group). Settled groups bail out with one comparison each, so a frame of a long answer
 * reconciles about n / GROUP groups and the last group's blocks, not every block.
 */
const BlockGroup = memo(
  function BlockGroup({ blocks }: { blocks: readonly Block[] }) {
    return blocks.map((block) => <MarkdownBlock key={block.start} block={block} />);
  },
  // The splitter keeps the objects of settled blocks, so identity says "unchanged".
  (a, b) => a.blocks.length === b.blocks.length && a.blocks.every((block, i) => block === b.blocks[i]),
);

/** Props of {@link Markdown}. */
export interface MarkdownProps {
  /** Markdown source; may grow token by token. */
  text: string;
}

/**
 * Safe, incremental markdown for streamed answers: paragraphs, headings, lists (nested by
 * indentation), GFM tables, quotes, links, code spans and fenced code blocks. No raw HTML is
 * ever injected (every piece is a React node), links are limited to http(s), mailto and
 * relative targets, and while the text grows only its last block is parsed and rendered again.
 *
 * @example
 * ```tsx
 * <Markdown text={'# Hello\n\n- one\n- two'} />
 * ```
 */
export function Markdown({ text }: MarkdownProps) {
  const splitter = useRef<ReturnType<typeof createBlockSplitter> | null>(null);
  splitter.current ??= createBlockSplitter();
  const blocks = splitter.current(text);
  const groups: Block[][] = [];
  for (let i = 0; i < blocks.length; i += GROUP) groups.push(blocks.slice(i, i + GROUP));
  return (
    <>
      {groups.map((group, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a group is a fixed index range of an append-only list
        <BlockGroup key={i} blocks={group} />
      ))}
    </>
  );
}
