import type { IncomingMessage } from 'node:http';

/** Why a request cannot be read as a URL: the field at fault and what is wrong with it. */
export interface TargetProblem {
  field: 'host' | 'url';
  message: string;
}

// RFC 3986 host (an IP literal in brackets, or a name or IPv4 address) with an optional port.
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9\-._~]+)(?::(\d{1,5}))?$/i;
/** The last Host values found valid: a server hears the same few names over and over. */
const validHosts = new Set<string>();

function hostProblem(host: string | undefined): TargetProblem | undefined {
  if (host === undefined || host === '') return { field: 'host', message: 'The Host header is required.' };
  if (validHosts.has(host)) return undefined;
  const match = HOST.exec(host);
  let valid = match !== null && Number(match[1] ?? 0) <= 65535;
  if (valid) {
    try {
      valid = new URL(`http://${host}/`).hostname !== '';
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    return { field: 'host', message: `The Host header ${JSON.stringify(host.slice(0, 100))} is not a host[:port].` };
  }
  if (validHosts.size >= 256) validHosts.clear();
  validHosts.add(host);
  return undefined;
}

/**
 * What is wrong with `req`'s request target and `Host` header, or `undefined` when the two make
 * a URL. A target is a path (origin-form: `/`, `//`, `/\`, `//a:b` are all paths, however a URL
 * parser would read them on their own) or an absolute `http(s)` URL (absolute-form, whose host
 * then stands for the request's: RFC 9112 §3.2.2); anything else (`*`, `host:port`) is refused.
 * Node's parser has already refused control characters, spaces and oversized heads.
 */
export function requestTargetProblem(req: IncomingMessage): TargetProblem | undefined {
  const target = req.url ?? '';
  if (target.charCodeAt(0) === 0x2f /* '/' */) return hostProblem(req.headers.host);
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      // A URL with credentials cannot make a `Request` (undici refuses it).
      if (url.hostname !== '' && url.username === '' && url.password === '') return undefined;
    } catch {
      // fall through: not a URL
    }
  }
  return {
    field: 'url',
    message: `The request target ${JSON.stringify(target.slice(0, 100))} is neither a path nor an absolute http(s) URL.`,
  };
}

/** The pathname of a target {@link requestTargetProblem} accepted, as the handler's `URL` reads it. */
export function targetPathname(target: string): string {
  return (target.charCodeAt(0) === 0x2f ? new URL(`http://localhost${target}`) : new URL(target)).pathname;
}
