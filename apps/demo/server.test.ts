/**
 * The demo server as it runs (a child process of `server.ts`): hostile request targets and Host
 * headers never end it, every answer carries the security headers, `/api/demo` never shows
 * credentials, and dev mode refuses to listen beyond loopback (it serves source files).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

const dir = import.meta.dirname;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

function run(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--conditions=@cascadekit/source', '--import', 'tsx', 'server.ts', ...args], {
    cwd: dir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      ANTHROPIC_API_KEY: '',
      CASCADE_PROVIDER: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, output: () => text };
}

/** Starts the production server and resolves with its port. */
async function start(env: Record<string, string> = {}): Promise<{ port: number; child: ChildProcess }> {
  const { child, output } = run(['--prod'], env);
  for (let waited = 0; waited < 30_000; waited += 50) {
    const port = /127\.0\.0\.1:(\d+)\//.exec(output())?.[1];
    if (port) return { port: Number(port), child };
    if (child.exitCode !== null) throw new Error(`the demo server exited: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the demo server did not start: ${output()}`);
}

function raw(port: number, head: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const end = text.indexOf('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        head: text.slice(0, end).toLowerCase(),
        body: text.slice(end + 4),
      });
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

const get = (port: number, target: string, host = '127.0.0.1') =>
  raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

describe('the demo server', () => {
  it('survives hostile targets and Host headers, answering each', { timeout: 60_000 }, async () => {
    const { port, child } = await start();
    const targets = ['//', '//[', '/\\', '//a:b', 'http://x:99999/', 'http://127.0.0.1/api/demo', '*', '/%E0%A4%A'];
    const apiTargets = ['/api//', '/api/%zz', '//api/cascade', '/v1//x', '/api/cascade?scenario=%'];
    for (const target of [...targets, ...apiTargets]) {
      const { status } = await get(port, target);
      expect([200, 400, 404, 405], target).toContain(status);
    }
    for (const host of ['a b', 'x:99999', '[::1', 'evil/path', 'user@host', '']) {
      const { status } = await get(port, '/api/health', host);
      expect(status, host).toBe(400);
    }
    expect((await raw(port, 'GET /api/health HTTP/1.0\r\n\r\n')).status).toBe(400);
    expect((await get(port, `/${'a'.repeat(20_000)}`)).status).toBe(431);
    expect((await get(port, '/a\u0001b')).status).toBe(400);
    // A name that is not this machine's: DNS rebinding is refused on the API.
    expect((await get(port, '/api/health', 'rebound.attacker.example:80')).status).toBe(421);
    expect(child.exitCode).toBeNull();
    expect((await get(port, '/api/demo')).status).toBe(200);
  });

  it('sends the security headers on every answer', { timeout: 60_000 }, async () => {
    const { port } = await start();
    for (const target of ['/', '/api/demo', '/api/health', '/some/page']) {
      const { head } = await get(port, target);
      expect(head, target).toContain('x-content-type-options: nosniff');
      expect(head).toContain('referrer-policy: no-referrer');
      expect(head).toContain('x-frame-options: deny');
      expect(head).toMatch(
        /content-security-policy: default-src 'self'; script-src 'self'[^\r\n]*frame-ancestors 'none'/,
      );
    }
    const post = await raw(
      port,
      'POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(post.status).toBe(405);
  });

  it('never shows the credentials of OPENAI_BASE_URL in /api/demo', { timeout: 60_000 }, async () => {
    const { port } = await start({ OPENAI_BASE_URL: 'http://admin:hunter2@127.0.0.1:9/v1?api-key=sk-query#frag' });
    const { body } = await get(port, '/api/demo');
    expect(body).toContain('"baseUrl":"http://127.0.0.1:9/v1"');
    for (const secret of ['admin', 'hunter2', 'sk-query', 'frag']) expect(body).not.toContain(secret);
  });

  it('refuses to run dev mode beyond loopback, where it would serve the sources', { timeout: 60_000 }, async () => {
    const { child, output } = run([], { HOST: '0.0.0.0' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output()).toContain('only binds loopback');
  });
});
