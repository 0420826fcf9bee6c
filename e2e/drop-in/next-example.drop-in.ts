import { join } from 'node:path';
import { test } from '@playwright/test';
import { ensurePacked, root } from '../../scripts/package/pack';
import { chatTests, EDGE_PAGE, NODE_PAGE } from './support/chat-tests';
import { type AppServer, run, startServer } from './support/processes';

// apps/next on the workspace packages: their built dist (the published files, 'use client'
// included), as a Next.js app resolves them. The server-component page is the README's quick
// start; the catch-all route serves cascade and health, on Node and on the edge runtime.
const app = join(root, 'apps', 'next');

test.describe
  .serial('apps/next (workspace packages)', () => {
    let server: AppServer | undefined;
    test.afterAll(async () => server?.stop());

    test('builds with next build, type-check included', async () => {
      test.setTimeout(420_000);
      // The packages resolve to dist here; packing builds it (again only when a source changed).
      await ensurePacked();
      await run('pnpm', ['exec', 'next', 'build'], { cwd: app, timeoutMs: 360_000 });
    });

    chatTests(async () => {
      server ??= await startServer({
        cwd: app,
        command: (port) => ['pnpm', 'exec', 'next', 'start', '--hostname', '127.0.0.1', '--port', String(port)],
        readyPath: NODE_PAGE.health,
      });
      return server;
    }, [NODE_PAGE, EDGE_PAGE]);
  });
