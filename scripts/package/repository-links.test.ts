import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { root } from './pack';
import { brokenLinks } from './readme-links';

// Every Markdown file the repository tracks: its relative links must reach a file, and their
// anchors a heading (the published READMEs get the same links made absolute at pack time).
const markdown = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
  cwd: root,
  encoding: 'utf8',
})
  .stdout.split('\n')
  .filter(Boolean);

describe('links in the repository Markdown', () => {
  it.each(markdown)('%s', (file) => {
    expect(brokenLinks(root, file)).toEqual([]);
  });
});
