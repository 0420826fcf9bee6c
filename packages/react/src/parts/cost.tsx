import type { HTMLAttributes } from 'react';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Cost}. */
export interface CostProps extends Omit<HTMLAttributes<HTMLElement>, 'id'>, AsChildProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

/**
 * Formats US dollars with two significant digits, as per-request costs need ($0.0012).
 * @internal
 */
export function formatUsd(usd: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 }).format(
    usd,
  );
}

/**
 * The turn's cost in plain view, and what it saved (or cost extra) against running the larger
 * model alone, honestly signed: from the `settled` summary (`costUsd`, `baselineCostUsd`). Renders
 * nothing until the summary arrives, or when the server reports no prices.
 * `data-saving` is `saved`, `extra` or `even`.
 *
 * @example
 * ```tsx
 * <CascadeChat.Cost />
 * ```
 */
export function Cost({ id: idProp, className, asChild, children, ...rest }: CostProps) {
  const id = useMessageId('CascadeChat.Cost', idProp);
  const labels = useActionLabels();
  const [usd, baseline] = useCascadeMessage(id, (a) => [a.summary?.costUsd, a.summary?.baselineCostUsd] as const) ?? [];
  if (usd === undefined || (usd === 0 && !baseline)) return null;
  const saving = baseline === undefined ? undefined : baseline - usd;
  const percent = saving !== undefined && baseline ? Math.round((Math.abs(saving) / baseline) * 100) : 0;
  const kind = saving === undefined ? undefined : saving > 0 ? 'saved' : saving < 0 ? 'extra' : 'even';
  return renderPart(
    'p',
    {
      ...rest,
      asChild,
      children: asChild ? children : undefined,
      className: partClass('ck-cost', className),
      'data-saving': kind,
    },
    <>
      {labels.cost(formatUsd(usd))}
      {kind === 'saved' || kind === 'extra'
        ? ` · ${labels[kind](formatUsd(Math.abs(saving as number)), percent)}`
        : null}
    </>,
  );
}
