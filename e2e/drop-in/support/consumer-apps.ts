import { join } from 'node:path';
import { test } from '@playwright/test';
import { ensurePacked, root } from '../../../scripts/package/pack';
import { type ChatPage, chatTests, EDGE_PAGE, NODE_PAGE } from './chat-tests';
import { consumerWorkspace, createFixture, npmInstall, removeWorkspace } from './fixtures';
import { type AppServer, run, startServer } from './processes';

// The packages as users get them: packed tarballs, installed with npm into fresh apps outside the
// workspace, each app built with strict type-checking and driven in Chromium. A missing file,
// export, type or directive in what we publish fails here before a user finds it.

/** An app of the drop-in tests, made from template folders and the packed tarballs. */
export interface ConsumerApp {
  name: string;
  folder: string;
  /** Copied in order into the app's folder. */
  templates: string[];
  /** Where the example chains go, for templates that do not carry them. */
  chainsAt?: string;
  /** The production server of the built app, on the given port (127.0.0.1). */
  start: (port: number) => [string, ...string[]];
  /** A path that answers once the server is ready. */
  readyPath: string;
  pages: ChatPage[];
}

// vite-client: the page both Vite-built apps share (index.html, src/main.tsx, its tsconfig).
const fixtures = join(import.meta.dirname, '..', 'fixtures');

export const VITE_REACT19: ConsumerApp = {
  name: 'Vite 8 + React 19',
  folder: 'vite-react19',
  templates: [join(fixtures, 'vite-client'), join(fixtures, 'vite-react19')],
  chainsAt: 'server/chains.ts',
  start: (port) => [
    'node',
    'node_modules/vite/bin/vite.js',
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    `${port}`,
    '--strictPort',
  ],
  readyPath: '/',
  pages: [NODE_PAGE],
};

/** express.json(), morgan and compression in front, and the handler mounted at /api. */
export const EXPRESS_REACT18: ConsumerApp = {
  name: 'Express 5 + React 18.3',
  folder: 'express-react18',
  templates: [join(fixtures, 'vite-client'), join(fixtures, 'express-react18')],
  chainsAt: 'server/chains.ts',
  start: () => ['node', 'dist-server/server.js'],
  readyPath: '/',
  pages: [NODE_PAGE],
};

/** The example app apps/next as it is, on the packed packages: the README's quick start on Node and edge. */
export const NEXT_EXAMPLE: ConsumerApp = {
  name: 'Next.js 16 (apps/next)',
  folder: 'next',
  templates: [join(root, 'apps', 'next')],
  start: (port) => ['node', 'node_modules/next/dist/bin/next', 'start', '--hostname', '127.0.0.1', '--port', `${port}`],
  readyPath: NODE_PAGE.health,
  pages: [NODE_PAGE, EDGE_PAGE],
};

/**
 * The drop-in tests of `apps`, in one spec file: the tarballs packed (or reused), every app's npm
 * install started at once (they overlap on the network), then per app in order: the install
 * finished, the strict build, the chat checks against its production server.
 */
export function consumerSuite(apps: ConsumerApp[]): void {
  let workspace: ReturnType<typeof consumerWorkspace> | undefined;
  const installs = new Map<string, { dir: string; done: Promise<string> }>();

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    workspace = consumerWorkspace(await ensurePacked());
    for (const app of apps) {
      const dir = createFixture(join(workspace.dir, app.folder), { ...app, tarballs: workspace.tarballs });
      const done = npmInstall(dir);
      done.catch(() => {}); // awaited by the app's install test; never an unhandled rejection before it
      installs.set(app.folder, { dir, done });
    }
  });
  test.afterAll(async () => {
    await Promise.allSettled([...installs.values()].map((install) => install.done));
    if (workspace) removeWorkspace(workspace.dir);
  });

  for (const app of apps) {
    test.describe
      .serial(app.name, () => {
        let server: AppServer | undefined;
        const dir = () => installs.get(app.folder)?.dir ?? '';
        test.afterAll(async () => server?.stop());

        test('installs the packed packages with npm', async () => {
          test.setTimeout(300_000);
          const install = installs.get(app.folder);
          if (!install) throw new Error(`no install of ${app.name}`);
          await install.done;
        });

        test('builds with strict type-checking', async () => {
          test.setTimeout(420_000);
          await run('npm', ['run', 'build'], { cwd: dir(), timeoutMs: 400_000 });
        });

        chatTests(async () => {
          server ??= await startServer({ cwd: dir(), command: app.start, readyPath: app.readyPath });
          return server;
        }, app.pages);
      });
  }
}
