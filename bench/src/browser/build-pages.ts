/** Production builds (React in production mode) of the benchmark pages and of the demo. */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { type Alias, build } from 'vite';
import { sourceResolve } from '../../../vite.shared';
import { benchDir } from '../build-child';
import { BUILD_DIRS, filesOf, type PageBuild, type RenderPageSpec } from './render-pages';

/** Folder of an installed package, as `from` resolves it. */
function packageDir(from: string, name: string): string {
  return dirname(createRequire(from).resolve(`${name}/package.json`));
}

/**
 * React 18.3 as the kit's `browser react18` tests get it (packages/react/vitest.react18.config.ts):
 * `react` and `react-dom` with every subpath aliased to its `react-18` / `react-dom-18` dev
 * dependencies, here as absolute folders so every importer (the kit, its dependencies) gets them.
 */
function react18Aliases(): Alias[] {
  const kit = join(benchDir, '..', 'packages', 'react', 'package.json');
  return [
    { find: /^react-dom(\/.*)?$/, replacement: `${packageDir(kit, 'react-dom-18')}$1` },
    { find: /^react(\/.*)?$/, replacement: `${packageDir(kit, 'react-18')}$1` },
  ];
}

/**
 * The kit and core of another checkout (`BENCH_RENDER_BEFORE` or `_AFTER`, installed with `pnpm install`),
 * with React and TanStack Query pinned to this tree's copies, so a page has one React.
 */
function checkoutAliases(checkout: string, react18: boolean): Alias[] {
  const bench = join(benchDir, 'package.json');
  const src = (pkg: string) => join(checkout, 'packages', pkg, 'src');
  return [
    { find: /^@cascadekit\/react\/styles\.css$/, replacement: join(src('react'), 'styles.css') },
    { find: /^@cascadekit\/react$/, replacement: join(src('react'), 'index.ts') },
    { find: /^@cascadekit\/core$/, replacement: join(src('core'), 'index.ts') },
    { find: /^@tanstack\/react-query$/, replacement: packageDir(bench, '@tanstack/react-query') },
    ...(react18
      ? react18Aliases()
      : [
          { find: /^react-dom(\/.*)?$/, replacement: `${packageDir(bench, 'react-dom')}$1` },
          { find: /^react(\/.*)?$/, replacement: `${packageDir(bench, 'react')}$1` },
        ]),
  ];
}

/** Checkouts whose kit the pages are built from instead of this tree's (see `BENCH_RENDER_BEFORE`). */
export interface KitCheckouts {
  /** The "before" rows' kit. */
  before?: string | undefined;
  /** The kit of the other rows (default: this tree), to time one change between two commits. */
  after?: string | undefined;
}

function aliasesOf(kind: PageBuild, { before, after }: KitCheckouts): Alias[] {
  if (kind === 'before19' || kind === 'before18') {
    if (!before) {
      throw new Error(`The ${kind} pages need BENCH_RENDER_BEFORE (a checkout with its dependencies installed).`);
    }
    return checkoutAliases(resolve(before), kind === 'before18');
  }
  if (after) return checkoutAliases(resolve(after), kind === 'react18');
  return kind === 'react18' ? react18Aliases() : [];
}

/**
 * Builds each build's pages of bench/pages into bench/.out/pages (React 19, this tree's kit or
 * `kits.after`'s) and its subfolders (React 18.3; the checkout `kits.before` on either); returns
 * the folder. The pages and the plain DOM baselines are always this tree's.
 */
export async function buildBenchPages(pages: readonly RenderPageSpec[], kits: KitCheckouts = {}): Promise<string> {
  const root = join(benchDir, 'pages');
  const outRoot = join(benchDir, '.out', 'pages');
  // The React 19 build of this tree first: it empties the whole folder.
  const kinds = (Object.keys(BUILD_DIRS) as PageBuild[]).filter((kind) => filesOf(kind, pages).length > 0);
  for (const kind of kinds) {
    await build({
      ...sourceResolve,
      resolve: { ...sourceResolve.resolve, alias: aliasesOf(kind, kits) },
      configFile: false,
      root,
      base: './',
      logLevel: 'warn',
      plugins: [react()],
      build: {
        // BENCH_MINIFY=0 keeps names readable in a CPU profile (render-profile.ts).
        minify: process.env.BENCH_MINIFY !== '0',
        outDir: join(outRoot, BUILD_DIRS[kind]),
        emptyOutDir: true,
        rollupOptions: { input: Object.fromEntries(filesOf(kind, pages).map((f) => [f, join(root, `${f}.html`)])) },
      },
    });
  }
  return outRoot;
}

/** Builds apps/demo with its own Vite config into bench/.out/demo (the demo's folders stay untouched). */
export async function buildDemo(): Promise<string> {
  const root = join(benchDir, '..', 'apps', 'demo');
  const outDir = join(benchDir, '.out', 'demo');
  await build({
    configFile: join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
