import { createHash } from 'node:crypto';

/** The `'sha256-…'` source of every inline `<script>` of `html` (external ones are covered by 'self'). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}

/**
 * The page's Content-Security-Policy: scripts only from this origin or inline ones of the page
 * itself (by hash), no framing, no plugins, no `<base>` tricks, forms and requests to this origin
 * only. Vite's dev server adds styles with `<style>` elements at run time, so dev allows inline
 * styles; the build links its CSS files and needs nothing inline (React's `style` props set
 * properties through the CSSOM, which the policy does not govern).
 */
export function contentSecurityPolicy(html: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trim(),
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every answer of the demo carries; the CSP from {@link contentSecurityPolicy}. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    // Older browsers that do not read frame-ancestors.
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}
