import { useAutoScroll } from '@cascadekit/react';
import { useRef, useState } from 'react';

/** Any growing list can follow its newest line with `useAutoScroll`, and stop following while the reader scrolls up. */
export function FollowingLog() {
  const ref = useRef<HTMLDivElement>(null);
  const { atLatest, scrollToLatest } = useAutoScroll(ref);
  const [lines, setLines] = useState<string[]>([]);
  return (
    <section aria-label="Build log">
      <button type="button" onClick={() => setLines((all) => [...all, `Step ${all.length + 1} done`])}>
        Add a line
      </button>
      {/* A scrollable region must be reachable by keyboard. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls */}
      <div ref={ref} role="log" aria-label="Lines" tabIndex={0} style={{ height: 120, overflowY: 'auto' }}>
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <p>
        {atLatest ? 'Following the newest line' : 'Scrolled up'}
        {!atLatest && (
          <button type="button" onClick={scrollToLatest}>
            Back to the newest line
          </button>
        )}
      </p>
    </section>
  );
}
