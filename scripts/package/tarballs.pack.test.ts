import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Manifest, publishedExports, SOURCE_CONDITION } from './manifest';
import { ensurePacked, publishablePackages, root } from './pack';
import { localLinks, splitTarget, unresolvedTarget } from './readme-links';
import { REPOSITORY } from './repository';

// What a consumer installs: each package's tarball as `pnpm pack` makes it (prepack included),
// unpacked and read file by file.
const unpacked = mkdtempSync(join(tmpdir(), 'cascadekit-tarballs-'));
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

beforeAll(async () => {
  const tarballs = await ensurePacked();
  for (const [name, file] of Object.entries(tarballs)) {
    const run = spawnSync('tar', ['-xzf', file, '-C', unpacked, `--one-top-level=${name}`, '--strip-components=1']);
    expect(run.status, run.stderr?.toString()).toBe(0);
  }
}, 240_000);

const filesOf = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
const read = (name: string, file: string) => readFileSync(join(unpacked, name, file), 'utf8');
const published = (name: string) => JSON.parse(read(name, 'package.json')) as Manifest;
const workspace = (name: string) =>
  JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as Manifest;

/** Every path an `exports` value points at. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(targets);
}

describe.each(publishablePackages())('the published @cascadekit/%s', (name) => {
  it('holds built ESM, declarations, source maps, CSS, README and LICENSE only', () => {
    const files = filesOf(join(unpacked, name)).map((f) => f.split('\\').join('/'));
    const unexpected = files.filter(
      (f) => !/^dist\/.+\.(js|js\.map|d\.ts|css)$/.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /(\.stories\.|\.test\.|\.test-d\.|__fixtures__|(^|\/)src\/)/.test(f))).toEqual([]);
    expect(files).toContain('LICENSE');
    expect(read(name, 'LICENSE')).toMatch(/^MIT License[\s\S]*cascadekit contributors/);
    // src/ does not ship, so each source map carries its sources.
    for (const map of files.filter((f) => f.endsWith('.js.map'))) {
      const parsed = JSON.parse(read(name, map)) as { sources: string[]; sourcesContent?: unknown[] };
      expect(parsed.sourcesContent?.length, map).toBe(parsed.sources.length);
    }
  });

  it('publishes the workspace exports without the source condition, every target present', () => {
    const manifest = published(name);
    expect(JSON.stringify(manifest)).not.toContain(SOURCE_CONDITION);
    expect(manifest.exports).toEqual(publishedExports(workspace(name).exports!));
    const paths = [...targets(manifest.exports), manifest.types, ...targets(manifest.typesVersions)];
    for (const path of paths.filter((p): p is string => typeof p === 'string')) {
      expect(existsSync(join(unpacked, name, path)), path).toBe(true);
    }
  });

  it('names engines, license, repository folder and homepage, and caret dependency ranges', () => {
    const manifest = published(name);
    expect(manifest.engines).toEqual({ node: '>=20.19' });
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toMatchObject({ url: `git+${REPOSITORY}.git`, directory: `packages/${name}` });
    expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/packages/${name}#readme`);
    const dependencies = Object.entries((manifest.dependencies ?? {}) as Record<string, string>);
    expect(dependencies.filter(([, range]) => !/^\^\d/.test(range))).toEqual([]);
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('devDependencies');
  });

  it('marks only its CSS as having side effects', () => {
    const manifest = published(name);
    const css = filesOf(join(unpacked, name)).filter((f) => f.endsWith('.css'));
    expect(manifest.sideEffects).toEqual(css.length > 0 ? ['*.css'] : false);
  });

  it('has README links that work on the registry page: absolute, to files and headings that exist', () => {
    const readme = read(name, 'README.md');
    expect(localLinks(readme).filter((link) => !link.url.startsWith('#'))).toEqual([]);
    const prefix = `${REPOSITORY}/blob/main/`;
    const absolute = [...readme.matchAll(/\]\((https:\/\/github\.com\/[^)\s]+)\)/g)].map((m) => m[1]!);
    for (const url of absolute.filter((u) => u.startsWith(prefix))) {
      const { path, anchor } = splitTarget(url.slice(prefix.length));
      expect(unresolvedTarget(root, path, anchor), url).toBeUndefined();
    }
  });
});
