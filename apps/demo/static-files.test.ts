import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-files';

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'demo-dist-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
  // Links planted inside the build folder, to a file and a folder outside it.
  symlinkSync(join(tmpdir(), 'outside-secret.txt'), join(root, 'assets', 'planted.txt'));
  symlinkSync(tmpdir(), join(root, 'tmp-link'));
  writeFileSync(join(root, 'assets', 'real.js'), 'real');
  symlinkSync(join(root, 'assets', 'real.js'), join(root, 'inner-link.js'));
  server = createServer((req, res) => void serveStatic(root)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'outside-secret.txt'), { force: true });
});

function rawGet(path: string, method = 'GET'): Promise<{ status: number; text: string; allow?: string }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text, ...(res.headers.allow ? { allow: res.headers.allow } : {}) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('serving the demo build', () => {
  it('serves hashed assets with their type and a long cache', async () => {
    const response = await fetch(`${base}/assets/app-1234.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers unknown paths with index.html (single-page app), not cached', async () => {
    const response = await fetch(`${base}/some/route?x=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>demo</title>');
  });

  it('never serves a file outside the build folder', async () => {
    // A raw path: fetch() would normalise the dots away before they reach the server.
    const body = await rawGet('/..%2Foutside-secret.txt');
    expect(body.text).not.toContain('secret');
    expect(body.text).toContain('<title>demo</title>');
  });

  it('answers a malformed URL with 400 instead of crashing', async () => {
    expect((await rawGet('/%E0%A4%A')).status).toBe(400);
    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it('never follows a symbolic link out of the build folder, and follows one inside it', async () => {
    for (const path of ['/assets/planted.txt', '/tmp-link/outside-secret.txt']) {
      const { status, text } = await rawGet(path);
      expect(text, path).not.toContain('secret');
      expect(status).toBe(200);
      expect(text).toContain('<title>demo</title>');
    }
    expect((await rawGet('/inner-link.js')).text).toBe('real');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405 and Allow: GET, HEAD', async (method) => {
    const { status, allow, text } = await rawGet('/index.html', method);
    expect(status).toBe(405);
    expect(allow).toBe('GET, HEAD');
    expect(text).not.toContain('<title>');
  });

  it('answers HEAD like GET, without a body', async () => {
    const { status, text } = await rawGet('/assets/app-1234.js', 'HEAD');
    expect([status, text]).toEqual([200, '']);
  });
});
