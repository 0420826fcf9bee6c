import { isUpgraded } from '@cascadekit/core';
import { type ComponentType, lazy, Suspense, useId, useState } from 'react';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import { useLabels } from '../labels/labels.js';
import type { ChangesViewProps } from '../view/changes-view.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

/** Props of {@link ShowChanges}. */
export interface ShowChangesProps extends ButtonPartProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

// Its own chunk: only a reader who asks to compare downloads the comparison.
const ChangesView: ComponentType<ChangesViewProps> = lazy(() =>
  import('../view/changes-view.js').then((m) => ({ default: m.ChangesView })),
);

/**
 * "Show changes" on an upgraded answer: a disclosure button that opens, below it, the quick
 * answer and the improved one side by side (stacked when narrow), both rendered (markdown, not
 * source), with the sentences that differ marked. Available for as long as the answer is shown.
 * The comparison is a lazy chunk of its own.
 *
 * @example
 * ```tsx
 * <CascadeChat.ShowChanges />
 * ```
 */
export function ShowChanges({ id: idProp, ...props }: ShowChangesProps) {
  const id = useMessageId('CascadeChat.ShowChanges', idProp);
  const labels = useActionLabels();
  const traceWords = useLabels().trace;
  const panel = useId();
  const [open, setOpen] = useState(false);
  const [draft, final] =
    useCascadeMessage(id, (a) => (isUpgraded(a) ? ([a.draft.text, a.final.text] as const) : ([] as const))) ?? [];
  if (draft === undefined || final === undefined) return null;
  return (
    <>
      {buttonPart('ck-show-changes', props, () => setOpen(!open), open ? labels.hideChanges : labels.showChanges, {
        'aria-expanded': open,
        'aria-controls': open ? panel : undefined,
      })}
      {open && (
        <Suspense fallback={null}>
          <ChangesView id={panel} draft={draft} final={final} labels={traceWords} />
        </Suspense>
      )}
    </>
  );
}
