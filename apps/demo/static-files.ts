import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const inside = (file: string, root: string) => file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);

/** The real path of `file` when it is a file inside `root` (links resolved), else `undefined`. */
async function servable(file: string, root: string): Promise<string | undefined> {
  if (!inside(file, root)) return undefined;
  const real = await realpath(file).catch(() => undefined);
  // A link inside the folder may point out of it: the resolved path must stay inside too.
  if (real === undefined || !inside(real, await realpath(root).catch(() => root))) return undefined;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? real : undefined;
}

/**
 * Serves the `vite build` output in `root`, GET and HEAD only (405 otherwise): hashed assets are
 * cached for a year, every other path that is not a file falls back to `index.html` (a
 * single-page app). Nothing outside `root` is served, through `..` or through a symbolic link.
 */
export function serveStatic(root: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        .end('Method not allowed.');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(`http://x${req.url?.startsWith('/') ? req.url : '/'}`).pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Malformed URL.');
      return;
    }
    const target =
      (await servable(normalize(join(root, pathname)), root)) ?? (await servable(join(root, 'index.html'), root));
    if (target === undefined) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found. Run `pnpm --filter @cascadekit/demo build` before `--prod`.');
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', TYPES[extname(target)] ?? 'application/octet-stream');
    res.setHeader(
      'cache-control',
      target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
