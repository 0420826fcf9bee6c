import { useEffect, useRef } from 'react';
import type { TraceLabels } from '../labels/labels.js';
import { Markdown } from '../markdown/markdown.js';
import { markChanges } from './swap-marks.js';
import { traceLabels } from './trace-labels.js';

/** Props of {@link ChangesView}. */
export interface ChangesViewProps {
  id: string;
  draft: string;
  final: string;
  labels: Partial<TraceLabels>;
}

/**
 * The quick answer and the improved one, rendered, side by side: sentences only in the quick
 * answer marked `ck-removed`, sentences new in the improved one `ck-changed`. Loaded on demand.
 * @internal
 */
export function ChangesView({ id, draft, final, labels: given }: ChangesViewProps) {
  const labels = traceLabels(given);
  const before = useRef<HTMLDivElement>(null);
  const after = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!before.current || !after.current) return;
    const unmarkBefore = markChanges(before.current, final, draft, 'ck-removed');
    const unmarkAfter = markChanges(after.current, draft, final, 'ck-changed');
    return () => {
      unmarkBefore();
      unmarkAfter();
    };
  }, [draft, final]);
  return (
    <section id={id} className="ck-changes" aria-label={labels.changes}>
      <div className="ck-changes-side">
        <p className="ck-changes-title">{labels.quickAnswer}</p>
        <div ref={before} className="ck-text">
          <Markdown text={draft} />
        </div>
      </div>
      <div className="ck-changes-side">
        <p className="ck-changes-title">{labels.improvedAnswer}</p>
        <div ref={after} className="ck-text">
          <Markdown text={final} />
        </div>
      </div>
    </section>
  );
}
