import type { IncomingMessage } from 'node:http';
import { targetPathname } from './request-target.js';

/** Where the adapter sends a request (see {@link placeRequest}). */
export type Placement =
  | { to: 'handler'; path: string }
  | { to: 'next' }
  | { to: 'wrong-mount'; mount: string; paths: readonly string[] };

/** What {@link placeRequest} knows of the handler and how it is used. */
export interface PlacementOptions {
  /** The adapter is middleware (it got a `next`). */
  middleware: boolean;
  /** The paths the handler answers (`handler.matches`, or the listener's `match` option). */
  match: ((pathname: string) => boolean) | undefined;
  /** Every path the handler answers, when it tells them (a `CascadeHandler` does). */
  paths: readonly string[] | undefined;
}

/** The pathname as the handler's `URL` reads it (`//x` is a path, never a host). */
function pathnameOf(path: string): string {
  try {
    return targetPathname(path);
  } catch {
    return path;
  }
}

/**
 * Where a request goes. Express and Connect strip the mount path from `req.url` and keep the
 * whole one in `req.originalUrl` (`app.use('/api', listener)` sees `/cascade` for
 * `/api/cascade`), so the handler gets the whole path and its routes keep their `basePath`; a
 * handler whose `basePath` is relative to the mount (`basePath: '/'` under `/api`) gets the path
 * as mounted. As middleware, a path the handler does not answer goes to `next()`, unless the
 * mount is one where the handler has no route at all: that setup cannot work, so it is a
 * `wrong-mount` (the adapter answers 500 naming the fix) rather than a silent 404.
 */
export function placeRequest(req: IncomingMessage, options: PlacementOptions): Placement {
  const url = req.url ?? '/';
  const original = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl;
  // Only a stripped prefix counts as a mount; a middleware that rewrote req.url meant its rewrite.
  const mounted = typeof original === 'string' && original !== url && original.endsWith(url);
  const whole = mounted ? original : url;
  const { match, paths } = options;
  if (!options.middleware || !match || match(pathnameOf(whole))) return { to: 'handler', path: whole };
  if (!mounted) return { to: 'next' };
  if (match(pathnameOf(url))) return { to: 'handler', path: url };
  const mount = pathnameOf(original.slice(0, original.length - url.length) || '/').replace(/\/+$/, '');
  if (paths && !paths.some((path) => path === mount || path.startsWith(`${mount}/`))) {
    return { to: 'wrong-mount', mount, paths };
  }
  return { to: 'next' };
}
