import Fastify from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';
import { ask } from '../../__fixtures__/harness.js';
import {
  chunkedJson,
  expectCancelOnLeave,
  expectCascade,
  expectHealthAndAllow,
  expectMisconfigured,
  hostHandler,
  json,
  QUESTION,
} from '../../__fixtures__/hosts.js';
import { toNodeListener } from '../index.js';

// Fastify 5 with its body parsing on (the default): a route hands the raw request and response to
// the adapter, which writes the response itself (reply.hijack()), with the body Fastify parsed.

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
});

async function serve(handOnBody: boolean, handler = hostHandler()) {
  const app = Fastify({ forceCloseConnections: true }); // the tests' keep-alive sockets close with it
  close = () => app.close();
  const listener = toNodeListener(handler);
  app.all('/api/*', (request, reply) => {
    reply.hijack();
    listener(handOnBody ? Object.assign(request.raw, { body: request.body }) : request.raw, reply.raw);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, handler };
}

it('streams a turn with the body Fastify parsed, answers health and 405 with Allow, and cancels when the client leaves', async () => {
  const { url, handler } = await serve(true);
  await expectCascade(`${url}/api/cascade`);
  await expectCascade(`${url}/api/cascade`, chunkedJson(ask(QUESTION)));
  await expectHealthAndAllow(url);
  await expectCancelOnLeave(url, handler);
});

it('without the parsed body handed on: 500 naming the Fastify fix, never a hang', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const { url } = await serve(false);
  await expectMisconfigured(
    url,
    json(ask()),
    'body_consumed',
    /Object\.assign\(request\.raw, \{ body: request\.body \}\)/,
  );
  expect(console.error).toHaveBeenCalledOnce();
});
