import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString as textOf } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { repositoryUrl } from './repository';

/** A link or image target in a Markdown file, with the offsets of the target text in the source. */
export interface MarkdownLink {
  url: string;
  start: number;
  end: number;
}

/** Targets with a scheme (`https:`, `mailto:`) or from the site root are not local. */
const isExternal = (url: string) => /^([a-z][a-z0-9+.-]*:|\/)/i.test(url);

/**
 * Every link, image and reference definition whose target is relative or an in-page anchor,
 * parsed with mdast (so code spans and fenced blocks are left alone).
 */
export function localLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  visit(fromMarkdown(markdown), (node: Nodes) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    if (!node.url || isExternal(node.url)) return;
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (from === undefined || to === undefined) return;
    // The target follows the link text: search after the last child so text that repeats the
    // target (`[docs/a.md](docs/a.md)`) is not mistaken for it.
    const children = 'children' in node ? node.children : [];
    const after = children.at(-1)?.position?.end.offset ?? from;
    const start = markdown.indexOf(node.url, after);
    if (start < 0 || start >= to) throw new Error(`cannot locate the link target "${node.url}" at offset ${from}`);
    links.push({ url: node.url, start, end: start + node.url.length });
  });
  return links;
}

const anchorsByFile = new Map<string, Set<string>>();

/** GitHub's heading anchors of a Markdown text. */
export function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  visit(fromMarkdown(markdown), 'heading', (node) => {
    anchors.add(slugger.slug(textOf(node)));
  });
  return anchors;
}

export function splitTarget(url: string): { path: string; anchor: string } {
  const hash = url.indexOf('#');
  return hash < 0 ? { path: url, anchor: '' } : { path: url.slice(0, hash), anchor: url.slice(hash + 1) };
}

/**
 * Why a repository target (`path` from the repository root, optional `anchor`) does not resolve:
 * it leaves the repository, does not exist, or names no heading of its Markdown file. Undefined
 * when it resolves.
 */
export function unresolvedTarget(repoRoot: string, path: string, anchor: string): string | undefined {
  if (path.startsWith('..')) return 'points outside the repository';
  if (!existsSync(join(repoRoot, path))) return `points at ${path}, which does not exist`;
  if (anchor && path.endsWith('.md')) {
    const file = join(repoRoot, path);
    const anchors = anchorsByFile.get(file) ?? headingAnchors(readFileSync(file, 'utf8'));
    anchorsByFile.set(file, anchors);
    if (!anchors.has(decodeURIComponent(anchor))) return `names no heading of ${path}`;
  }
  return undefined;
}

/** Problems with the local links of `file` (a path from the repository root), one line each. */
export function brokenLinks(repoRoot: string, file: string): string[] {
  const markdown = readFileSync(join(repoRoot, file), 'utf8');
  const problems: string[] = [];
  for (const { url } of localLinks(markdown)) {
    const { path, anchor } = splitTarget(url);
    const target = path ? posix.normalize(posix.join(posix.dirname(file), path)) : file;
    const problem = unresolvedTarget(repoRoot, target, anchor);
    if (problem) problems.push(`${file}: ${url} ${problem}`);
  }
  return problems;
}

/**
 * The Markdown of `file` (a path from the repository root) with every relative target made an
 * absolute repository URL, so links work where the file is shown outside the repository (the
 * registry's package page). In-page anchors stay as they are.
 */
export function absoluteLinks(markdown: string, file: string): string {
  let result = '';
  let last = 0;
  for (const link of localLinks(markdown).sort((a, b) => a.start - b.start)) {
    if (link.url.startsWith('#')) continue;
    const { path, anchor } = splitTarget(link.url);
    const target = posix.normalize(posix.join(posix.dirname(file), path));
    result += markdown.slice(last, link.start) + repositoryUrl(target, anchor ? `#${anchor}` : '');
    last = link.end;
  }
  return result + markdown.slice(last);
}
