import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { absoluteLinks, brokenLinks, localLinks } from './readme-links';

const readme = [
  '# pkg',
  'See [the protocol](../../docs/protocol.md#events) and [design](#design-notes).',
  '![chart](./chart.png) [site](https://example.com) `[code](../not-a-link.md)`',
  '',
  '```md',
  '[fenced](../../fenced.md)',
  '```',
  '',
  '[ref]: ../server/README.md',
  '',
  '## Design notes',
].join('\n');

describe('README links', () => {
  it('finds relative and in-page targets, not absolute ones or code', () => {
    expect(localLinks(readme).map((link) => link.url)).toEqual([
      '../../docs/protocol.md#events',
      '#design-notes',
      './chart.png',
      '../server/README.md',
    ]);
  });

  it('makes relative targets absolute repository URLs and changes nothing else', () => {
    const out = absoluteLinks(readme, 'packages/core/README.md');
    expect(out).toContain('[the protocol](https://github.com/cascadekit/cascadekit/blob/main/docs/protocol.md#events)');
    expect(out).toContain('![chart](https://github.com/cascadekit/cascadekit/blob/main/packages/core/chart.png)');
    expect(out).toContain('[ref]: https://github.com/cascadekit/cascadekit/blob/main/packages/server/README.md');
    expect(out).toContain('[design](#design-notes)');
    expect(out).toContain('`[code](../not-a-link.md)`');
    expect(out).toContain('[fenced](../../fenced.md)');
    expect(out.split('\n')).toHaveLength(readme.split('\n').length);
  });

  const repo = mkdtempSync(join(tmpdir(), 'cascadekit-links-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };

  it('reports missing files, missing headings and targets outside the repository', () => {
    write('docs/protocol.md', '# Protocol\n## Events\n## `<CascadeChat>` props\n');
    write(
      'packages/core/README.md',
      [
        '[ok](../../docs/protocol.md#events) [code heading](../../docs/protocol.md#cascadechat-props)',
        '[gone](../../docs/missing.md) [bad anchor](../../docs/protocol.md#nope) [out](../../../x.md)',
        '[here](#top) [top](#pkg)',
        '# pkg',
      ].join('\n'),
    );
    expect(brokenLinks(repo, 'packages/core/README.md')).toEqual([
      'packages/core/README.md: ../../docs/missing.md points at docs/missing.md, which does not exist',
      'packages/core/README.md: ../../docs/protocol.md#nope names no heading of docs/protocol.md',
      'packages/core/README.md: ../../../x.md points outside the repository',
      'packages/core/README.md: #top names no heading of packages/core/README.md',
    ]);
  });
});
