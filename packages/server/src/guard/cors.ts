import { HttpError } from '../http/json-error.js';

/** Response headers a browser may read cross-origin besides the safelisted ones. */
const EXPOSED = 'retry-after, x-cascade-model';
/** How long a browser may reuse a preflight's answer, seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

/** True for `scheme://host[:port]` exactly, as browsers send it in `Origin`. */
export function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * The cross-origin policy: requests from the server's own origin, and requests without `Origin`
 * (not from a browser), always pass; a browser request from another origin passes only when that
 * origin is listed (or the list holds `"*"`), and gets the CORS headers that let its page read
 * the answer. Any other origin is refused with 403, its preflight included.
 */
export function corsPolicy(allowedOrigins: readonly string[] = []) {
  const any = allowedOrigins.includes('*');
  const listed = new Set(allowedOrigins);

  /** The CORS headers for `origin`, `undefined` when none are needed; throws 403 for a refused origin. */
  function check(origin: string | null, url: URL): Record<string, string> | undefined {
    if (origin === null || origin === url.origin) return undefined;
    if (!any && !listed.has(origin)) {
      throw new HttpError(
        403,
        'origin_not_allowed',
        `Requests from ${JSON.stringify(origin.slice(0, 200))} are not allowed here (allowedOrigins).`,
        'origin',
      );
    }
    return {
      'access-control-allow-origin': any ? '*' : origin,
      'access-control-expose-headers': EXPOSED,
      vary: 'Origin',
    };
  }

  /** The answer to a preflight of an allowed origin for a route answering `methods`. */
  function preflight(request: Request, headers: Record<string, string>, methods: readonly string[]): Response {
    const out = new Headers({
      'access-control-allow-origin': headers['access-control-allow-origin'] as string,
      'access-control-allow-methods': methods.join(', '),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    });
    const asked = request.headers.get('access-control-request-headers');
    if (asked) out.set('access-control-allow-headers', asked);
    return new Response(null, { status: 204, headers: out });
  }

  return { check, preflight };
}

/** `response` with `headers` added (a copy when its headers are immutable, as `fetch` responses' are). */
export function withHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  if (!headers) return response;
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}
