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
  const side = (title: string, text: string, ref: typeof before) => (
    <div className="ck-changes-side">
      <p className="ck-changes-title">{title}</p>
      <div ref={ref} className="ck-text">
        <Markdown text={text} />
      </div>
    </div>
  );
  return (
    <section id={id} className="ck-changes" aria-label={labels.changes}>
      {side(labels.quickAnswer, draft, before)}
      {side(labels.improvedAnswer, final, after)}
    </section>
  );
}
