/**
 * Hostile request targets and Host headers against `serveNode`, over raw sockets (fetch would
 * normalise them first). None may end the process, reach a route it does not name, or get
 * anything but a clear answer: 400 with a JSON error naming `url` or `host`, 404 for what is a
 * well-formed path (`//` is one), or Node's own 400/431 for what its parser refuses.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, serveNode } from './index.js';

let server: NodeServer;
const logger = memoryLogger();

beforeAll(async () => {
  const handler = createCascadeHandler({ chains: { c: { final: [{ provider: 'simulator', model: 'sim' }] } }, logger });
  server = await serveNode(handler);
});
afterAll(() => server.close());

/** Sends `head` as is and reads the answer until the server closes the connection. */
export function rawRequest(port: number, head: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(head.slice(0, 80))}`)));
  });
}

const get = (target: string, host: string | null = '127.0.0.1', version = '1.1') =>
  rawRequest(
    server.port,
    `GET ${target} HTTP/${version}\r\n${host === null ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`,
  );

/** A JSON answer's value (chunked bodies included). */
const jsonOf = (body: string): unknown => JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1));
const errorOf = (body: string) => (jsonOf(body) as { error: { code: string; field?: string; message: string } }).error;

describe('malformed request targets', () => {
  it.each(['http://x:99999/', 'http://u:p@127.0.0.1/api/health', '*', '127.0.0.1:80', 'api/health', 'ftp://x/'])(
    '%s gets 400 naming url',
    async (target) => {
      const { status, body } = await get(target);
      expect(status).toBe(400);
      // Node's parser refuses some before the adapter sees them (no body then).
      if (body) expect(errorOf(body)).toMatchObject({ code: 'invalid_request', field: 'url' });
    },
  );

  it.each(['//', '//[', '/\\', '//a:b', '/%E0%A4%A', '/%zz', '/..', '/./api/../x'])(
    '%s is a path: 404',
    async (target) => {
      const { status, body } = await get(target);
      expect(status).toBe(404);
      expect(errorOf(body).code).toBe('not_found');
    },
  );

  it('reads //host/path as a path, never as another host', async () => {
    // Before, `//evil.example/api/health` resolved to the health route of host evil.example.
    expect((await get('//evil.example/api/health')).status).toBe(404);
  });

  it('takes the host of an absolute-form target (RFC 9112 §3.2.2)', async () => {
    const { status, body } = await get('http://api.example/api/health', 'other.example');
    expect(status).toBe(200);
    expect(jsonOf(body)).toMatchObject({ ok: true });
  });

  it('leaves control characters and oversized heads to Node: 400 and 431', async () => {
    expect((await get('/a\u0001b')).status).toBe(400);
    expect((await get(`/${'a'.repeat(20_000)}`)).status).toBe(431);
  });
});

describe('malformed Host headers', () => {
  it.each(['a b', 'x:99999', '[::1', 'evil/path', 'user@host', '', 'a:b:c', '1.2.3.999', 'h\u00e9llo', 'host:'])(
    '%j gets 400 naming host',
    async (host) => {
      const { status, body } = await get('/api/health', host);
      expect(status).toBe(400);
      if (body) expect(errorOf(body)).toMatchObject({ code: 'invalid_request', field: 'host' });
    },
  );

  it('refuses a missing Host, in HTTP/1.0 as Node does in 1.1', async () => {
    const old = await get('/api/health', null, '1.0');
    expect(old.status).toBe(400);
    expect(errorOf(old.body).field).toBe('host');
    expect((await get('/api/health', null)).status).toBe(400);
  });

  it('accepts hosts in any case, with a port, and IPv6 literals', async () => {
    for (const host of ['EXAMPLE.com:80', '[::1]:8080', 'localhost', 'a-b.example']) {
      expect((await get('/api/health', host)).status, host).toBe(200);
    }
  });
});

describe('fuzz', () => {
  it('answers 200 targets of random hostile characters and keeps serving', async () => {
    const pieces = [
      '/',
      '//',
      '\\',
      '[',
      ']',
      ':',
      '@',
      '%',
      '%2',
      '%zz',
      '?',
      '#',
      '.',
      '..',
      'a',
      ';',
      '~',
      '!',
      '$',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 200; i++) {
      let target = random() < 0.8 ? '/' : '';
      for (let n = Math.floor(random() * 8); n >= 0; n--) target += pieces[Math.floor(random() * pieces.length)];
      const host = random() < 0.2 ? `${pieces.slice(0, 9)[Math.floor(random() * 9)]}x` : '127.0.0.1';
      const { status } = await get(target, host);
      expect([200, 400, 404], `${target} (Host ${host})`).toContain(status);
    }
    expect((await get('/api/health')).status).toBe(200);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
