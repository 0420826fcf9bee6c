/** Production builds (React in production mode) of the benchmark pages and of the demo. */
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { sourceResolve } from '../../../vite.shared';
import { benchDir } from '../build-child';

export const RENDER_PAGES = ['render-dom', 'render-dom-follow', 'render-cascade', 'render-aisdk'] as const;
export type RenderPage = (typeof RENDER_PAGES)[number];

/** Builds bench/pages into bench/.out/pages; returns the folder. */
export async function buildBenchPages(): Promise<string> {
  const root = join(benchDir, 'pages');
  const outDir = join(benchDir, '.out', 'pages');
  await build({
    ...sourceResolve,
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: Object.fromEntries(RENDER_PAGES.map((p) => [p, join(root, `${p}.html`)])) },
    },
  });
  return outDir;
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
