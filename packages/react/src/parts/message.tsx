import { isUpgraded } from '@cascadekit/core';
import type { HTMLAttributes, ReactNode } from 'react';
import { MessageIdContext } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { useLabels } from '../labels/labels.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';
import { Text } from './text.js';

/** Props of {@link Message}. */
export interface MessageProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'id'>, AsChildProps {
  /** Message id. */
  id: string;
  /**
   * The message's parts. Default: `<CascadeChat.Text />` only, so a headless app ships just the
   * parts it composes (`<CascadeChat>` adds status, actions, cost and trace). With `asChild`: your
   * element, whose children are the parts.
   */
  children?: ReactNode;
}

/**
 * One message. Exposes `data-role` (`user` | `assistant`), `data-status` (the answer's
 * status) and `data-upgraded` for styling and tests, and gives its parts the message id.
 * Re-renders only when the role, status or upgrade mark changes, never per token.
 *
 * @example
 * ```tsx
 * <CascadeChat.Message id={id}>
 *   <CascadeChat.Status />
 *   <CascadeChat.Text />
 * </CascadeChat.Message>
 * ```
 */
export function Message({ id, children, className, asChild, ...rest }: MessageProps) {
  const labels = useLabels();
  const [role, status, upgraded] = useConversationMessage(id, (m) =>
    m?.role === 'assistant' ? (['assistant', m.answer.status, isUpgraded(m.answer)] as const) : ([m?.role] as const),
  );
  if (role === undefined) return null;
  return (
    <MessageIdContext.Provider value={id}>
      {renderPart(
        'article',
        {
          'aria-label': role === 'user' ? labels.chat.you : labels.chat.assistant,
          ...rest,
          asChild,
          children: asChild ? children : undefined,
          className: partClass('ck-message', className),
          'data-role': role,
          'data-status': status,
          'data-upgraded': upgraded ? '' : undefined,
        },
        asChild ? <Text /> : (children ?? <Text />),
      )}
    </MessageIdContext.Provider>
  );
}
