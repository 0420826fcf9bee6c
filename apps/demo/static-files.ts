import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
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

/**
 * Serves the `vite build` output in `root`: hashed assets are cached for a year, every other
 * path that is not a file falls back to `index.html` (a single-page app).
 */
export function serveStatic(root: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Malformed URL.');
      return;
    }
    const file = normalize(join(root, pathname));
    // Never serve anything outside the build folder.
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    let target = join(root, 'index.html');
    if (inside) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) target = file;
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
      .on('error', () => {
        res.statusCode = 404;
        res.end('Not found. Run `pnpm --filter @cascadekit/demo build` before `--prod`.');
      })
      .pipe(res);
  };
}
