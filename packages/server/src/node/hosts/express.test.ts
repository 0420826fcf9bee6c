import { createServer } from 'node:http';
import compression from 'compression';
import express5 from 'express';
import express4 from 'express-4';
import session from 'express-session';
import morgan from 'morgan';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ask } from '../../__fixtures__/harness.js';
import {
  chunkedJson,
  expectCancelOnLeave,
  expectCascade,
  expectHealthAndAllow,
  expectMisconfigured,
  hostHandler,
  json,
  listen,
  QUESTION,
} from '../../__fixtures__/hosts.js';
import { toNodeListener } from '../index.js';

// Express 4 and 5 as their users set them up: a request log, compression, sessions and JSON
// bodies for the app's own routes, then cascadekit mounted at /api, then more of the app.

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
});

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('%s', (_name, express) => {
  async function serve(mount: (app: ReturnType<typeof express>) => void) {
    const app = express();
    const log: string[] = [];
    app.use(morgan(':method :url :status', { stream: { write: (line: string) => log.push(line.trim()) } }));
    app.use(compression());
    app.use(session({ secret: 'test only', resave: false, saveUninitialized: true }));
    app.use(express.json());
    mount(app);
    app.get('/api/after', (_req, res) => {
      res.json({ after: true });
    });
    const server = await listen(createServer(app));
    close = server.close;
    return { url: server.url, log };
  }

  it('streams a turn behind express.json(), morgan, compression and express-session, mounted at /api', async () => {
    const handler = hostHandler();
    const { url, log } = await serve((app) => app.use('/api', toNodeListener(handler)));
    const response = await fetch(`${url}/api/cascade`, json(ask(QUESTION)));
    // express-session's cookie and cascadekit's own headers both survive on-headers.
    expect(response.headers.get('set-cookie')).toMatch(/^connect\.sid=/);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await response.body?.cancel();
    await expectCascade(`${url}/api/cascade`);
    await expectCascade(`${url}/api/cascade`, chunkedJson(ask(QUESTION)));
    expect(log).toContain('POST /api/cascade 200');
  });

  it('answers health and a 405 with Allow, and hands other paths under the mount to next()', async () => {
    const { url } = await serve((app) => app.use('/api', toNodeListener(hostHandler())));
    await expectHealthAndAllow(url);
    expect(await (await fetch(`${url}/api/after`)).json()).toEqual({ after: true });
    const unknown = await fetch(`${url}/api/unknown`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/); // Express's own 404
  });

  it('cancels the turn when the client leaves', async () => {
    const handler = hostHandler();
    const { url } = await serve((app) => app.use('/api', toNodeListener(handler)));
    await expectCancelOnLeave(url, handler);
  });

  it('uses the body that express.text() or express.raw() left', async () => {
    for (const parser of [express.text({ type: 'application/json' }), express.raw({ type: 'application/json' })]) {
      const { url } = await serve((app) => {
        app.use('/text-or-raw', parser, toNodeListener(hostHandler({ basePath: '/text-or-raw/api' })));
      });
      await expectCascade(`${url}/text-or-raw/api/cascade`);
      await close?.();
      close = undefined;
    }
  });

  it('mounted at root, or at a path its basePath is relative to', async () => {
    const { url } = await serve((app) => {
      app.use('/relative', toNodeListener(hostHandler({ basePath: '/' })));
      app.use(toNodeListener(hostHandler({ basePath: '/root' })));
    });
    await expectCascade(`${url}/relative/cascade`);
    await expectCascade(`${url}/root/cascade`);
  });

  it('a mount where the handler has no route: 500 naming the fix, not a silent 404', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { url } = await serve((app) => app.use('/chat', toNodeListener(hostHandler())));
    await expectMisconfigured(
      url,
      json(ask()),
      'wrong_mount',
      /mounted at \/chat.*basePath: '\/chat'/,
      '/chat/cascade',
    );
  });

  it('a middleware that read the body and left none: 500 naming the fix, never a hang', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { url } = await serve((app) => {
      app.use('/drained', (req, _res, next) => {
        req.resume();
        req.once('end', () => next());
      });
      app.use('/drained', toNodeListener(hostHandler({ basePath: '/drained/api' })));
    });
    await expectMisconfigured(
      url,
      // express.json() leaves other content types alone, so the draining middleware reads this one.
      { ...json(ask()), headers: { 'content-type': 'text/plain' } },
      'body_consumed',
      /Mount toNodeListener\(handler\) before the body parser/,
      '/drained/api/cascade',
    );
  });
});
