import type { ReactNode } from 'react';

// Order matters: code spans first, so nothing inside them is formatted.
const INLINE =
  /(`+)([^`]+?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*)\*|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

/**
 * Only these link targets are rendered as links; anything else (`javascript:`, `data:` …)
 * stays plain text. Markdown never produces raw HTML here: every piece is a React text node.
 */
export function safeHref(href: string): string | null {
  if (/^(https?:|mailto:)/i.test(href)) return href;
  if (/^[/#?]/.test(href) && !href.startsWith('//')) return href;
  return null;
}

function link(href: string, label: ReactNode, key: number): ReactNode {
  const safe = safeHref(href);
  if (!safe) return label;
  const external = /^https?:/i.test(safe);
  return (
    <a key={key} href={safe} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
      {label}
    </a>
  );
}

/** Renders inline markdown (code, strong, emphasis, links, bare URLs) as React nodes. */
export function renderInline(text: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(text.slice(last, index));
    const [whole, , code, strong, strong2, label, href, em, url] = match;
    key += 1;
    if (code !== undefined) nodes.push(<code key={key}>{code}</code>);
    else if (strong !== undefined || strong2 !== undefined)
      nodes.push(<strong key={key}>{renderInline(strong ?? strong2 ?? '')}</strong>);
    else if (label !== undefined && href !== undefined) nodes.push(link(href, renderInline(label), key));
    else if (em !== undefined) nodes.push(<em key={key}>{renderInline(em)}</em>);
    else if (url !== undefined) nodes.push(link(url, url, key));
    else nodes.push(whole);
    last = index + whole.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}
