/**
 * Builds the package in the current directory (each publishable package's `build` script):
 * a clean `dist` (nothing stale ships), `tsc -p tsconfig.build.json`, the non-TypeScript files
 * that `exports` names (e.g. styles.css, copied from its source-condition path to its published
 * one) and, with `--use-client`, the `'use client'` directive on client modules.
 *
 *   node --import tsx ../../scripts/package/build.ts [--use-client]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { exportEntries, type Manifest, SOURCE_CONDITION } from './manifest';
import { markClientModules } from './use-client';

/** `[source, published]` paths of export entries whose source is not TypeScript (copied as they are). */
export function assetCopies(manifest: Manifest): [string, string][] {
  const copies: [string, string][] = [];
  for (const [, value] of exportEntries(manifest.exports)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const source = value[SOURCE_CONDITION];
    const published = value.default;
    if (typeof source !== 'string' || typeof published !== 'string' || /\.tsx?$/.test(source)) continue;
    if (source !== published) copies.push([source, published]);
  }
  return copies;
}

function main(): void {
  const dir = process.cwd();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  for (const [source, published] of assetCopies(manifest)) {
    mkdirSync(dirname(join(dir, published)), { recursive: true });
    copyFileSync(join(dir, source), join(dir, published));
  }
  if (process.argv.includes('--use-client')) {
    const marked = markClientModules(join(dir, 'dist'));
    console.log(`${manifest.name}: 'use client' on ${marked.length} modules`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
