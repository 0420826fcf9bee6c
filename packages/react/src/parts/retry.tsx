import type { ButtonHTMLAttributes } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';

/** Props of {@link Retry}. */
export interface RetryProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'id'> {
  id?: string;
}

const RETRYABLE = new Set(['error', 'stopped', 'incomplete']);

/**
 * A "Retry" button, shown only when the answer failed, was stopped or broke off.
 * Runs the same turn again in place; the user's message is kept.
 *
 * @example
 * ```tsx
 * <CascadeChat.Retry>Try again</CascadeChat.Retry>
 * ```
 */
export function Retry({ id: idProp, children = 'Retry', className, onClick, ...rest }: RetryProps) {
  const id = useMessageId('CascadeChat.Retry', idProp);
  const { client } = useCascadeContext('CascadeChat.Retry');
  const retryable = useCascadeMessage(id, (a) => RETRYABLE.has(a.status));
  if (!retryable) return null;
  return (
    <button
      type="button"
      {...rest}
      className={className ? `ck-button ck-retry ${className}` : 'ck-button ck-retry'}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) client.retry(id).catch(() => {});
      }}
    >
      {children}
    </button>
  );
}
