/** Bundles a benchmark child (TypeScript, in-repo packages from source) into one plain ESM file. */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(benchDir, '.out');

/** Returns the path of the bundle; minified like a production deploy, no loader in the child. */
export async function bundleChild(entry: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: process.env.BENCH_MINIFY !== '0',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@cascadekit/source'],
    logLevel: 'silent',
  });
  return outfile;
}
