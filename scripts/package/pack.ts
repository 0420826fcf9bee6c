/**
 * Packs every publishable package (`pnpm pack`, which runs each one's prepack: build, then the
 * published package.json and README) into .cache/pack/<folder>.tgz, e.g. .cache/pack/react.tgz.
 * The gate's `build` step runs it; the consumer tests call {@link ensurePacked}, which packs again
 * only when an input (or a built file in dist) changed since the last pack.
 *
 *   node --import tsx scripts/package/pack.ts [--if-changed]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const packDir = join(root, '.cache', 'pack');
const stampFile = join(packDir, 'inputs.sha256');

/** Folder names under packages/ of the packages that publish (not `private`). */
export function publishablePackages(): string[] {
  return readdirSync(join(root, 'packages')).filter((name) => {
    const file = join(root, 'packages', name, 'package.json');
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).private !== true;
  });
}

/** Where the tarball of packages/<name> lands. */
export const tarballOf = (name: string) => join(packDir, `${name}.tgz`);

function filesUnder(dir: string, skip: Set<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, skip);
    // Tests read the tarballs; they are not part of them.
    return /\.test\.tsx?$/.test(entry.name) && dir.endsWith(join('scripts', 'package')) ? [] : [path];
  });
}

/**
 * A hash of everything a pack reads: the packages' files, these scripts, the shared configs, and
 * with `dist`, the built files too (the workspace apps run on them, so a rebuild of another kind,
 * e.g. without 'use client', makes the packed state stale).
 */
export function inputsHash({ dist }: { dist: boolean }): string {
  const hash = createHash('sha256');
  // Failure screenshots of browser tests are no input of a package.
  const skip = new Set(dist ? ['node_modules', '__screenshots__'] : ['node_modules', '__screenshots__', 'dist']);
  const files = [
    ...publishablePackages().flatMap((name) => filesUnder(join(root, 'packages', name), skip)),
    ...filesUnder(join(root, 'scripts', 'package'), skip),
    ...['LICENSE', 'tsconfig.base.json', 'pnpm-lock.yaml'].map((name) => join(root, name)),
  ].sort();
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function packOne(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['pack', '--out', tarballOf(name)], {
      cwd: join(root, 'packages', name),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`pnpm pack in packages/${name} exited ${code}`)),
    );
  });
}

/** Builds and packs every publishable package; returns the tarball paths by folder name. */
export async function packAll(): Promise<Record<string, string>> {
  const names = publishablePackages();
  rmSync(stampFile, { force: true });
  mkdirSync(packDir, { recursive: true });
  const before = inputsHash({ dist: false });
  await Promise.all(names.map(packOne));
  // Packing must leave the workspace as it found it (prepack's files are put back by postpack).
  if (inputsHash({ dist: false }) !== before) {
    throw new Error('packing changed workspace files: check for leftovers of prepack');
  }
  writeFileSync(stampFile, inputsHash({ dist: true }));
  return Object.fromEntries(names.map((name) => [name, tarballOf(name)]));
}

const lockDir = join(packDir, 'lock');

/**
 * Runs `pack` while holding .cache/pack/lock: the test command runs both consumer suites at once,
 * as two processes, and two packs at once would each see the other's prepack as a change.
 */
async function withPackLock<T>(pack: () => Promise<T>): Promise<T> {
  mkdirSync(packDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) {
        throw new Error(`${relative(root, lockDir)} was held for 10 minutes: if no pack is running, remove it.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await pack();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** The tarballs (and dist), packed again only when an input or a built file changed since the last pack. */
export function ensurePacked(): Promise<Record<string, string>> {
  return withPackLock(async () => {
    const names = publishablePackages();
    const fresh =
      existsSync(stampFile) &&
      readFileSync(stampFile, 'utf8') === inputsHash({ dist: true }) &&
      names.every((name) => existsSync(tarballOf(name)));
    return fresh ? Object.fromEntries(names.map((name) => [name, tarballOf(name)])) : packAll();
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const tarballs = await (process.argv.includes('--if-changed') ? ensurePacked() : withPackLock(packAll));
  for (const [name, file] of Object.entries(tarballs)) console.log(`${name}: ${relative(root, file)}`);
  console.log(`packed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
