import { useEffect, useState } from 'react';
import type { CodeToken } from '../highlight/highlight.js';
import { useCopy } from '../hooks/use-copy.js';
import { useActionLabels } from '../labels/action-labels.js';

/** Props of {@link CodeBlock}. */
export interface CodeBlockProps {
  code: string;
  /** The language after the opening fence, if any. */
  lang: string;
  /** The closing fence has arrived: the block no longer grows, so it can be highlighted. */
  closed: boolean;
}

/**
 * A fenced code block: the language and a "Copy code" button above the code. Once the block is
 * closed, a few common languages are highlighted (Shiki, loaded as chunks of their own on first
 * use): the same text in the same font, so highlighting moves nothing.
 * @internal
 */
export function CodeBlock({ code, lang, closed }: CodeBlockProps) {
  const labels = useActionLabels();
  const [copied, copy] = useCopy();
  const [tokens, setTokens] = useState<CodeToken[][] | null>(null);
  useEffect(() => {
    if (!closed || !lang) return;
    let live = true;
    import('../highlight/highlight.js')
      .then((module) => module.highlight(code, lang))
      .then(
        (result) => live && setTokens(result),
        () => {},
      );
    return () => {
      live = false;
    };
  }, [closed, lang, code]);
  return (
    <div className="ck-code">
      <div className="ck-code-bar">
        <span>{lang}</span>
        <button type="button" className="ck-button ck-copy-code" onClick={() => copy(code)}>
          {copied ? labels.copied : labels.copyCode}
        </button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long line scrolls sideways, so the block must be reachable by keyboard */}
      <pre tabIndex={0} data-lang={lang || undefined} data-highlighted={tokens ? '' : undefined}>
        <code>
          {tokens
            ? tokens.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines of one settled block never reorder
                <span key={i}>
                  {i > 0 && '\n'}
                  {line.map((token, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: tokens of one line never reorder
                    <span key={j} style={token.color ? { color: token.color } : undefined}>
                      {token.content}
                    </span>
                  ))}
                </span>
              ))
            : code}
        </code>
      </pre>
    </div>
  );
}
