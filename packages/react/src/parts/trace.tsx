import { type ComponentType, type HTMLAttributes, lazy, Suspense, type ToggleEvent, useState } from 'react';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { useLabels } from '../labels/labels.js';
import type { TraceDetailsProps } from '../view/trace-details.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Trace}. */
export interface TraceProps extends Omit<HTMLAttributes<HTMLDetailsElement>, 'id'>, AsChildProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
  /** Start expanded. */
  defaultOpen?: boolean;
}

// Its own chunk (facts, timeline picture, attempts table): loaded when a reader opens a trace.
const TraceDetails: ComponentType<TraceDetailsProps> = lazy(() =>
  import('../view/trace-details.js').then((m) => ({ default: m.TraceDetails })),
);

/**
 * Why the answer looks as it does, collapsed under "Details": the serving model, latency (first
 * token, total), the cost and saving, a timeline of the turn as a picture (lanes as rows,
 * attempts as bars, first-token marks, failures with reasons, the swap) and every attempt in a
 * table with the same facts for assistive technology. Attempts the answer no longer needed
 * (a lane cancelled as `superseded`, or by an early accept) read "not needed", not failed.
 * Its content is a lazy chunk, loaded on first open.
 *
 * @example
 * ```tsx
 * <CascadeChat.Trace defaultOpen />
 * ```
 */
export function Trace({
  id: idProp,
  defaultOpen = false,
  className,
  asChild,
  children,
  onToggle,
  ...rest
}: TraceProps) {
  const id = useMessageId('CascadeChat.Trace', idProp);
  const labels = useLabels();
  const [open, setOpen] = useState(defaultOpen);
  const attempts = useCascadeMessage(id, (a) => a.draft.attempts.length + a.final.attempts.length);
  if (!attempts) return null;
  return renderPart(
    'details',
    {
      ...rest,
      asChild,
      children: asChild ? children : undefined,
      open: defaultOpen || undefined,
      onToggle: (event: ToggleEvent<HTMLDetailsElement>) => {
        onToggle?.(event);
        setOpen(event.currentTarget.open);
      },
      className: partClass('ck-trace', className),
    },
    <>
      <summary>{labels.trace.summary ?? 'Details'}</summary>
      {open && (
        <Suspense fallback={null}>
          <TraceDetails id={id} labels={labels} />
        </Suspense>
      )}
    </>,
  );
}
