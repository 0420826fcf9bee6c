import { HttpError } from '../http/json-error.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * True when `hostname` (as `URL.hostname` gives it: lower case, IPv6 in brackets) is allowed:
 * an IP address or `localhost` (a DNS rebinding attack needs a domain name of its own), a name
 * in `allowed`, or a subdomain of an entry written `.example.com` (which also allows
 * `example.com`). The same rules as Vite's `server.allowedHosts`.
 */
export function isHostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (name.startsWith('[') || IPV4.test(name)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  for (const entry of allowed) {
    if (entry === name) return true;
    if (entry.startsWith('.') && (name === entry.slice(1) || name.endsWith(entry))) return true;
  }
  return false;
}

/**
 * The allowed-hosts check against DNS rebinding: a web page whose domain was pointed at this
 * server reaches it as its own origin, so only the `Host` it sends gives it away. Refused with
 * 421 Misdirected Request (RFC 9110 §15.5.20: the server is not authoritative for that host),
 * not 400: the request is well-formed, it went to the wrong server. `undefined` without a list.
 */
export function hostCheck(allowedHosts: readonly string[] | undefined): ((url: URL) => void) | undefined {
  if (allowedHosts === undefined) return undefined;
  const allowed = allowedHosts.map((entry) => entry.toLowerCase());
  const seen = new Set<string>();
  return (url) => {
    const hostname = url.hostname;
    if (seen.has(hostname)) return;
    if (!isHostAllowed(hostname, allowed)) {
      throw new HttpError(
        421,
        'misdirected_request',
        `This server does not answer for the host ${JSON.stringify(hostname.slice(0, 200))} (allowedHosts).`,
        'host',
      );
    }
    if (seen.size < 64) seen.add(hostname);
  };
}
