import type { HTMLAttributes } from 'react';
import { useMessageId } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Time}. */
export interface TimeProps extends Omit<HTMLAttributes<HTMLElement>, 'id'>, AsChildProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

/**
 * When the message was sent (a user message) or answered (an answer: when it settled, else when
 * it started), as `<time dateTime>`, formatted by `labels.time` (hours and minutes in the
 * browser's locale by default); the full date is the title.
 *
 * @example
 * ```tsx
 * <CascadeChat.Time />
 * ```
 */
export function Time({ id: idProp, className, asChild, children, ...rest }: TimeProps) {
  const id = useMessageId('CascadeChat.Time', idProp);
  const labels = useActionLabels();
  const at = useConversationMessage(id, (m) =>
    m?.role === 'user' ? m.createdAt : m ? (m.answer.settledAt ?? m.answer.startedAt) : undefined,
  );
  if (at === undefined) return null;
  const date = new Date(at);
  return renderPart(
    'time',
    {
      dateTime: date.toISOString(),
      title: date.toLocaleString(),
      ...rest,
      asChild,
      children: asChild ? children : undefined,
      className: partClass('ck-time', className),
    },
    labels.time(date),
  );
}
