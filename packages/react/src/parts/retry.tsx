import type { AnswerStatus } from '@cascadekit/core';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import type { ActionLabels } from '../labels/labels.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

/** Props of {@link Retry} and {@link Regenerate}. */
export interface RetryProps extends ButtonPartProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

/** Props of {@link Regenerate}. */
export type RegenerateProps = RetryProps;

/** A button that runs an answer's turn again (`client.retry`), shown while its status is in `when`. */
function useRunAgain(part: string, when: ReadonlySet<AnswerStatus>, label: keyof ActionLabels, props: RetryProps) {
  const { id: idProp, ...rest } = props;
  const id = useMessageId(`CascadeChat.${part}`, idProp);
  const { client } = useCascadeContext(`CascadeChat.${part}`);
  const labels = useActionLabels();
  const shown = useCascadeMessage(id, (a) => when.has(a.status));
  if (!shown) return null;
  return buttonPart(`ck-${part.toLowerCase()}`, rest, () => client.retry(id).catch(() => {}), labels[label] as string);
}

const FAILED = new Set<AnswerStatus>(['error', 'stopped', 'incomplete', 'interrupted']);
const STANDING = new Set<AnswerStatus>(['final', 'draft-only', 'accepted']);

/**
 * A "Retry" button, shown only when the answer failed, was stopped, broke off or was interrupted
 * (the page went away mid-turn, see `persist`). Runs the same turn again in place; the user's
 * message is kept (later messages are removed, see `retry`).
 *
 * @example
 * ```tsx
 * <CascadeChat.Retry>Try again</CascadeChat.Retry>
 * ```
 */
export function Retry(props: RetryProps) {
  return useRunAgain('Retry', FAILED, 'retry', props);
}

/**
 * "Regenerate": asks the same question again for any answer that stands (final, draft-only or
 * accepted; failed ones have Retry). The answer is replaced in place and the messages after it
 * are removed (truncate, no branches: `client.retry`).
 *
 * @example
 * ```tsx
 * <ChatRegenerate className="my-icon-button" aria-label="Regenerate">↻</ChatRegenerate>
 * ```
 */
export function Regenerate(props: RegenerateProps) {
  return useRunAgain('Regenerate', STANDING, 'regenerate', props);
}
