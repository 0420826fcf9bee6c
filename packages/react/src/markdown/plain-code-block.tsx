import { type ComponentType, lazy, Suspense } from 'react';
import type { CodeBlockProps } from './code-block.js';

/**
 * The block as the start bundle renders it until `CodeBlock` (a chunk of its own, loaded with the
 * chat) arrives: the same bar and code, without the copy button, so nothing moves when it does.
 * @internal
 */
export function PlainCodeBlock({ code, lang }: Pick<CodeBlockProps, 'code' | 'lang'>) {
  return (
    <div className="ck-code">
      <div className="ck-code-bar">
        <span>{lang}</span>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long line scrolls sideways, so the block must be reachable by keyboard */}
      <pre tabIndex={0} data-lang={lang || undefined}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

const LazyCodeBlock: ComponentType<CodeBlockProps> = lazy(loadCodeBlock);

/** Starts loading the code block's chunk (the chat calls it when it mounts). @internal */
export function loadCodeBlock() {
  return import('./code-block.js').then((m) => ({ default: m.CodeBlock }));
}

/**
 * A fenced code block: plain at once, then with its "Copy code" button and highlighting from
 * the code block's chunk.
 * @internal
 */
export function FencedCode(props: CodeBlockProps) {
  return (
    <Suspense fallback={<PlainCodeBlock code={props.code} lang={props.lang} />}>
      <LazyCodeBlock {...props} />
    </Suspense>
  );
}
