/// <reference types="vite/client" />

/**
 * Docs pages built from the kit's own sources (imported with `?raw`), so a page says what the
 * TSDoc says: Storybook's docgen reads components' props and one description, not hooks.
 */

/** The `/** … *\/` comment that ends right before `index` in `source`, or `''`. */
function commentBefore(source: string, index: number): string {
  const before = source.slice(0, index).trimEnd();
  if (!before.endsWith('*/')) return '';
  return before.slice(before.lastIndexOf('/**'));
}

/** A TSDoc comment as markdown: `{@link X}` as code, `@example` as a heading, other tags dropped. */
function markdown(comment: string): string {
  const text = comment
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .replace(/\{@link ([^}]+)\}/g, '`$1`');
  return text
    .replace(/^@example\s*$/m, '**Example**')
    .replace(/^@(internal|deprecated|see).*$/gm, '')
    .trim();
}

/** The declaration in `source` that starts with `head` (e.g. `export interface X`), up to its closing line. */
function declaration(source: string, head: string): { start: number; text: string } {
  const start = source.indexOf(head);
  if (start < 0) throw new Error(`"${head}" is not in this source: the docs page needs updating.`);
  const signatureEnd = source.indexOf('\n}', start);
  return { start, text: source.slice(start, signatureEnd + 2) };
}

/** The TSDoc of the declaration that starts with `head` in `source`, as markdown. */
export function tsdocOf(source: string, head: string): string {
  return markdown(commentBefore(source, declaration(source, head).start));
}

/**
 * Markdown for a hook's docs page: its TSDoc, its signature, then each type named in `types`
 * (declared in the same source) with its comments, as code.
 */
export function hookDocs(source: string, name: string, types: readonly string[] = []): string {
  const hook = declaration(source, `export function ${name}`);
  const signature = hook.text.slice(0, hook.text.indexOf('{\n')).trim();
  const parts = [tsdocOf(source, `export function ${name}`), '**Signature**', `\`\`\`ts\n${signature}\n\`\`\``];
  for (const type of types) {
    const head = source.includes(`export interface ${type}`) ? `export interface ${type}` : `export type ${type}`;
    const found = declaration(source, head);
    const text = head.startsWith('export type') ? found.text.slice(0, found.text.indexOf(';') + 1) : found.text;
    const comment = commentBefore(source, found.start);
    parts.push(`**${type}**`, `\`\`\`ts\n${comment ? `${comment}\n` : ''}${text}\n\`\`\``);
  }
  return parts.join('\n\n');
}
