import { isUpgraded } from '@cascadekit/core';
import type { HTMLAttributes, ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MessageIdContext } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { Retry } from './retry.js';
import { Status } from './status.js';
import { Text } from './text.js';
import { Trace } from './trace.js';

/** Props of {@link Message}. */
export interface MessageProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'id'> {
  id: string;
  /** The message's parts. Default: text for a user message; status, text, retry and trace for an answer. */
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
export function Message({ id, children, className, ...rest }: MessageProps) {
  const [role, status, upgraded] = useConversationMessage(
    id,
    useShallow((m) =>
      m?.role === 'assistant' ? (['assistant', m.answer.status, isUpgraded(m.answer)] as const) : ([m?.role] as const),
    ),
  );
  if (role === undefined) return null;
  const defaults =
    role === 'user' ? (
      <Text />
    ) : (
      <>
        <Status />
        <Text />
        <Retry />
        <Trace />
      </>
    );
  return (
    <MessageIdContext.Provider value={id}>
      <article
        aria-label={role === 'user' ? 'You' : 'Assistant'}
        {...rest}
        className={className ? `ck-message ${className}` : 'ck-message'}
        data-role={role}
        data-status={status}
        data-upgraded={upgraded ? '' : undefined}
      >
        {children ?? defaults}
      </article>
    </MessageIdContext.Provider>
  );
}
