import type { AnswerStatus } from '@cascadekit/core';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

/** Props of {@link Retry}. */
export interface RetryProps extends ButtonPartProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

const RETRYABLE = new Set<AnswerStatus>(['error', 'stopped', 'incomplete']);

/**
 * A "Retry" button, shown only when the answer failed, was stopped or broke off. Runs the same
 * turn again in place; the user's message is kept (later messages are removed, see `retry`).
 *
 * @example
 * ```tsx
 * <CascadeChat.Retry>Try again</CascadeChat.Retry>
 * ```
 */
export function Retry({ id: idProp, ...props }: RetryProps) {
  const id = useMessageId('CascadeChat.Retry', idProp);
  const { client } = useCascadeContext('CascadeChat.Retry');
  const labels = useActionLabels();
  const retryable = useCascadeMessage(id, (a) => RETRYABLE.has(a.status));
  if (!retryable) return null;
  return buttonPart('ck-retry', props, () => client.retry(id).catch(() => {}), labels.retry);
}
