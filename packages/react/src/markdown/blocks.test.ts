import { describe, expect, test } from 'vitest';
import { createBlockSplitter, splitBlocks, tableCells } from './blocks.js';

const SAMPLE = [
  '# Title',
  '',
  'A paragraph with **bold**',
  'over two lines.',
  '',
  '- one',
  '- two',
  '  continued',
  '',
  '1. first',
  '2. second',
  '',
  '```ts',
  'const x = 1;',
  '',
  'const y = 2;',
  '```',
  '> quoted',
  '',
  'Tail paragraph.',
].join('\n');

describe('splitBlocks', () => {
  test('splits headings, paragraphs, lists, fenced code (with blank lines inside) and quotes', () => {
    expect(splitBlocks(SAMPLE).map((b) => b.kind)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'code',
      'quote',
      'paragraph',
    ]);
    const code = splitBlocks(SAMPLE).find((b) => b.kind === 'code');
    expect(code?.source).toBe('```ts\nconst x = 1;\n\nconst y = 2;\n```');
  });

  test('an unclosed fence runs to the end of the text (as while streaming)', () => {
    const blocks = splitBlocks('Intro\n\n```js\nlet a = 1;\n\nlet b');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'code']);
    expect(blocks[1]?.source).toBe('```js\nlet a = 1;\n\nlet b');
  });
});

const RICH = [
  'Compare them:',
  '| Model | Cost | Speed |',
  '| :--- | ---: | :-: |',
  '| small | $0.1 | fast |',
  '| large \\| pro | $2 | slow |',
  'After the table.',
  '',
  '1. Install',
  '   - with npm',
  '   - or pnpm',
  '      1. pnpm 12',
  '2. Run',
  '',
  '- a',
  '- b',
].join('\n');

describe('tables and nested lists', () => {
  test('a header row followed by a delimiter row starts a table; the lines before stay a paragraph', () => {
    const blocks = splitBlocks(RICH);
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph', 'list', 'list']);
    expect(blocks[0]?.source).toBe('Compare them:');
    expect(blocks[1]?.source.split('\n')).toHaveLength(4);
    expect(blocks[2]?.source).toBe('After the table.');
  });

  test('rows split at unescaped pipes, outer pipes dropped', () => {
    expect(tableCells('| large \\| pro | $2 | slow |')).toEqual(['large | pro', '$2', 'slow']);
    expect(tableCells('a | b')).toEqual(['a', 'b']);
  });

  test('a delimiter row with another cell count, or without a pipe, is not a table', () => {
    expect(splitBlocks('| a | b |\n| --- |').map((b) => b.kind)).toEqual(['paragraph']);
    expect(splitBlocks('Title\n---').map((b) => b.kind)).toEqual(['paragraph']);
  });

  test('items indented past the first item stay in one list, whatever their marker', () => {
    const lists = splitBlocks(RICH).filter((b) => b.kind === 'list');
    expect(lists[0]?.source.split('\n')).toHaveLength(5);
    expect(lists[1]?.source).toBe('- a\n- b');
  });
});

describe('createBlockSplitter', () => {
  test('fed any prefix sequence of a text with tables and nested lists, it matches a full split', () => {
    for (const step of [1, 2, 5, 11]) {
      const split = createBlockSplitter();
      let result = split('');
      for (let i = step; i < RICH.length + step; i += step) result = split(RICH.slice(0, i));
      expect(result).toEqual(splitBlocks(RICH));
    }
  });

  test('fed any prefix sequence, it matches a full split of the final text', () => {
    for (const step of [1, 2, 3, 7, 13]) {
      const split = createBlockSplitter();
      let result = split('');
      for (let i = step; i < SAMPLE.length + step; i += step) result = split(SAMPLE.slice(0, i));
      expect(result).toEqual(splitBlocks(SAMPLE));
    }
  });

  test('blocks before the last keep their identity while the text grows', () => {
    const split = createBlockSplitter();
    const first = split('Para one.\n\nPara tw');
    const second = split('Para one.\n\nPara two and more');
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.source).toBe('Para two and more');
  });

  test('a text that does not extend the previous one is split afresh', () => {
    const split = createBlockSplitter();
    split('Draft text\n\n- a');
    expect(split('Final text').map((b) => b.source)).toEqual(['Final text']);
  });
});
