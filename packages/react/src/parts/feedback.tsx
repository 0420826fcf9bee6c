import { type AssistantMessage, type Feedback as Rating, standingText, TERMINAL_STATUSES } from '@cascadekit/core';
import type { HTMLAttributes } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Feedback}. */
export interface FeedbackProps extends Omit<HTMLAttributes<HTMLDivElement>, 'id'>, AsChildProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

/** What `onFeedback` receives: the rating (`null` when taken back) and the rated message. */
export interface FeedbackEvent {
  rating: Rating | null;
  message: AssistantMessage;
}

/**
 * "Good answer" / "Bad answer" toggle buttons (`aria-pressed`) on an answer that stands. The
 * rating is kept on the message in the store (`client.rate`) and reported to the `onFeedback`
 * of `<CascadeChat>` / `<CascadeChat.Root>`; pressing the same button again takes it back.
 *
 * @example
 * ```tsx
 * <CascadeChat onFeedback={({ rating, message }) => track(message.id, rating)} />
 * ```
 */
export function Feedback({ id: idProp, className, asChild, children, ...rest }: FeedbackProps) {
  const id = useMessageId('CascadeChat.Feedback', idProp);
  const { client, onFeedback } = useCascadeContext('CascadeChat.Feedback');
  const labels = useActionLabels();
  const current = useConversationMessage(id, (m) =>
    m?.role === 'assistant' && standingText(m.answer) && TERMINAL_STATUSES.has(m.answer.status)
      ? (m.feedback ?? null)
      : undefined,
  );
  if (current === undefined) return null;
  const button = (rating: Rating, label: string, icon: string) => (
    <button
      type="button"
      className="ck-button ck-feedback-button"
      aria-label={label}
      aria-pressed={current === rating}
      onClick={() => {
        const next = current === rating ? null : rating;
        client.rate(id, next);
        const message = client.store.getState().byId[id] as AssistantMessage;
        onFeedback?.({ rating: next, message });
      }}
    >
      {icon}
    </button>
  );
  return renderPart(
    'div',
    {
      role: 'group',
      'aria-label': labels.feedback,
      ...rest,
      asChild,
      children: asChild ? children : undefined,
      className: partClass('ck-feedback', className),
      'data-rating': current ?? undefined,
    },
    <>
      {button('up', labels.good, '👍')}
      {button('down', labels.bad, '👎')}
    </>,
  );
}
