import { join } from 'node:path';
import { test } from '@playwright/test';
import { ensurePacked, root } from '../../scripts/package/pack';
import { type ChatPage, chatTests, EDGE_PAGE, NODE_PAGE } from './support/chat-tests';
import { consumerWorkspace, createFixture, npmInstall, removeWorkspace } from './support/fixtures';
import { type AppServer, run, startServer } from './support/processes';

// The packages as users get them: packed tarballs, installed with npm into fresh apps outside the
// workspace, each app built with strict type-checking and driven in Chromium. A missing file,
// export, type or directive in what we publish fails here before a user finds it.

interface ConsumerApp {
  name: string;
  folder: string;
  /** Copied in order into the app's folder. */
  templates: string[];
  /** Where the example chains go, for templates that do not carry them. */
  chainsAt?: string;
  /** The production server of the built app, on the given port (127.0.0.1). */
  start: (port: number) => [string, ...string[]];
  pages: ChatPage[];
}

// vite-client: the page both Vite-built apps share (index.html, src/main.tsx, its tsconfig).
const fixtures = join(import.meta.dirname, 'fixtures');
const APPS: ConsumerApp[] = [
  {
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
    pages: [NODE_PAGE],
  },
  {
    // express.json(), morgan and compression in front, and the handler mounted at /api.
    name: 'Express 5 + React 18.3',
    folder: 'express-react18',
    templates: [join(fixtures, 'vite-client'), join(fixtures, 'express-react18')],
    chainsAt: 'server/chains.ts',
    start: () => ['node', 'dist-server/server.js'],
    pages: [NODE_PAGE],
  },
  {
    name: 'Next.js 16 (apps/next)',
    folder: 'next',
    templates: [join(root, 'apps', 'next')],
    start: (port) => [
      'node',
      'node_modules/next/dist/bin/next',
      'start',
      '--hostname',
      '127.0.0.1',
      '--port',
      `${port}`,
    ],
    pages: [NODE_PAGE, EDGE_PAGE],
  },
];

let workspace: ReturnType<typeof consumerWorkspace> | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  workspace = consumerWorkspace(await ensurePacked());
});
test.afterAll(() => {
  if (workspace) removeWorkspace(workspace.dir);
});

for (const app of APPS) {
  test.describe
    .serial(app.name, () => {
      let dir = '';
      let server: AppServer | undefined;
      test.afterAll(async () => server?.stop());

      test('installs the packed packages with npm', async () => {
        test.setTimeout(300_000);
        if (!workspace) throw new Error('no consumer workspace');
        dir = createFixture(join(workspace.dir, app.folder), { ...app, tarballs: workspace.tarballs });
        await npmInstall(dir);
      });

      test('builds with strict type-checking', async () => {
        test.setTimeout(420_000);
        await run('npm', ['run', 'build'], { cwd: dir, timeoutMs: 400_000 });
      });

      chatTests(async () => {
        server ??= await startServer({ cwd: dir, command: app.start, readyPath: '/' });
        return server;
      }, app.pages);
    });
}
