import { createServer } from 'node:http';
import connect from 'connect';
import express from 'express';
import { afterEach, expect, it, vi } from 'vitest';
import { ask } from '../../__fixtures__/harness.js';
import {
  expectCancelOnLeave,
  expectCascade,
  expectHealthAndAllow,
  expectMisconfigured,
  hostHandler,
  json,
  listen,
} from '../../__fixtures__/hosts.js';
import { toNodeListener } from '../index.js';

// Connect (also what Vite's dev and preview servers are): mounted at /api behind a JSON body parser.

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
});

async function serve(mount: (app: connect.Server) => void) {
  const app = connect();
  app.use(express.json()); // body-parser's JSON parser, as Connect apps mount it
  mount(app);
  const server = await listen(createServer(app));
  close = server.close;
  return server.url;
}

it('streams a turn, answers health and 405 with Allow, and cancels when the client leaves', async () => {
  const handler = hostHandler();
  const url = await serve((app) => app.use('/api', toNodeListener(handler)));
  await expectCascade(`${url}/api/cascade`);
  await expectHealthAndAllow(url);
  await expectCancelOnLeave(url, handler);
});

it('a mount where the handler has no route: 500 naming the fix, logged once', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const url = await serve((app) => app.use('/chat', toNodeListener(hostHandler())));
  for (let i = 0; i < 2; i++) {
    await expectMisconfigured(url, json(ask()), 'wrong_mount', /basePath: '\/chat'/, '/chat/cascade');
  }
  expect(error).toHaveBeenCalledTimes(1);
});
