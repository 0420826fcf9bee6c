/**
 * The publishable packages' `prepack` and `postpack` scripts. `prepack` builds the package and
 * writes what ships in place of the workspace files: package.json from {@link publishedManifest}
 * and README.md with absolute repository links ({@link absoluteLinks}). `postpack` puts the
 * workspace files back. pnpm reads both files after `prepack`, and copies the repository's
 * LICENSE into a package that has none.
 *
 *   node --import tsx ../../scripts/package/pack-hooks.ts prepack|postpack
 *
 * The workspace files wait under .cache/pack/workspace-files/; a pack that was cut off before
 * `postpack` is repaired by the next `prepack` or `postpack`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Manifest, publishedManifest } from './manifest';
import { absoluteLinks } from './readme-links';

const root = join(import.meta.dirname, '..', '..');
const FILES = ['package.json', 'README.md'];

function savedDir(dir: string): string {
  return join(root, '.cache', 'pack', 'workspace-files', relative(root, dir).replaceAll('/', '__'));
}

/** Puts saved workspace files back, if a pack left any; true when it did. */
export function restoreWorkspaceFiles(dir: string): boolean {
  const saved = savedDir(dir);
  if (!existsSync(saved)) return false;
  for (const name of FILES) if (existsSync(join(saved, name))) copyFileSync(join(saved, name), join(dir, name));
  rmSync(saved, { recursive: true, force: true });
  return true;
}

function prepack(dir: string): void {
  if (restoreWorkspaceFiles(dir)) console.warn('prepack: restored workspace files left by an interrupted pack');
  const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const directory = relative(root, dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const saved = savedDir(dir);
  mkdirSync(saved, { recursive: true });
  for (const name of FILES) copyFileSync(join(dir, name), join(saved, name));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(publishedManifest(manifest, directory), null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), absoluteLinks(readme, `${directory}/README.md`));
}

const [command] = process.argv.slice(2);
if (command === 'prepack') prepack(process.cwd());
else if (command === 'postpack') restoreWorkspaceFiles(process.cwd());
else if (import.meta.url === `file://${process.argv[1]}`) {
  console.error('usage: pack-hooks.ts prepack|postpack');
  process.exit(2);
}
