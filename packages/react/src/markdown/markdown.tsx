import { memo, type ReactNode, useRef } from 'react';
import { type Block, createBlockSplitter } from './blocks.js';
import { renderInline } from './inline.js';

const ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])\s+/;

function listItems(source: string): string[] {
  const items: string[] = [];
  for (const line of source.split('\n')) {
    if (ITEM.test(line)) items.push(line.replace(ITEM, ''));
    else if (items.length > 0 && line.trim()) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items;
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
    case 'list': {
      const ordered = /^ {0,3}\d/.test(source);
      const items = listItems(source).map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items are append-only while streaming
        <li key={i}>{renderInline(item)}</li>
      ));
      return ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'code': {
      const lines = source.split('\n');
      const lang = lines[0]?.replace(/^ {0,3}(```|~~~)/, '').trim() ?? '';
      const body = lines.slice(1);
      if (body.length > 0 && /^ {0,3}(```|~~~)\s*$/.test(body[body.length - 1] ?? '')) body.pop();
      return (
        <pre data-lang={lang || undefined}>
          <code>{body.join('\n')}</code>
        </pre>
      );
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
 * Safe, incremental markdown for streamed answers: paragraphs, headings, lists, links,
 * code spans and fenced code blocks. No raw HTML is ever injected (every piece is a React
 * node), links are limited to http(s), mailto and relative targets, and while the text
 * grows only its last block is parsed and rendered again.
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
