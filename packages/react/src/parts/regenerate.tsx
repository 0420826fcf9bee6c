import type { AnswerStatus } from '@cascadekit/core';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

/** Props of {@link Regenerate}. */
export interface RegenerateProps extends ButtonPartProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

const STANDING = new Set<AnswerStatus>(['final', 'draft-only', 'accepted']);

/**
 * "Regenerate": asks the same question again for any answer that stands (final, draft-only or
 * accepted; failed ones have Retry). The answer is replaced in place and the messages after it
 * are removed (truncate, no branches: `client.retry`).
 *
 * @example
 * ```tsx
 * <CascadeChat.Regenerate className="my-icon-button" aria-label="Regenerate">↻</CascadeChat.Regenerate>
 * ```
 */
export function Regenerate({ id: idProp, ...props }: RegenerateProps) {
  const id = useMessageId('CascadeChat.Regenerate', idProp);
  const { client } = useCascadeContext('CascadeChat.Regenerate');
  const labels = useActionLabels();
  const standing = useCascadeMessage(id, (a) => STANDING.has(a.status));
  if (!standing) return null;
  return buttonPart('ck-regenerate', props, () => client.retry(id).catch(() => {}), labels.regenerate);
}
