import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, it } from 'vitest';
import { ask } from '../../__fixtures__/harness.js';
import {
  chunkedJson,
  expectCancelOnLeave,
  expectCascade,
  expectHealthAndAllow,
  hostHandler,
  QUESTION,
} from '../../__fixtures__/hosts.js';

// Hono on Node (@hono/node-server): its request is a standard Request, so the handler needs no
// adapter: app.all('/api/*', (c) => handler(c.req.raw)).

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

it('streams a turn, answers health and 405 with Allow, and cancels when the client leaves', async () => {
  const handler = hostHandler();
  const app = new Hono();
  app.all('/api/*', (c) => handler(c.req.raw));
  const url = await new Promise<string>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve(`http://127.0.0.1:${info.port}`);
    });
    close = () =>
      new Promise<void>((done) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => done());
      });
  });
  await expectCascade(`${url}/api/cascade`);
  await expectCascade(`${url}/api/cascade`, chunkedJson(ask(QUESTION)));
  await expectHealthAndAllow(url);
  await expectCancelOnLeave(url, handler);
});
