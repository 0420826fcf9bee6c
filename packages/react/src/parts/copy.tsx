import { standingText } from '@cascadekit/core';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { useCopy } from '../hooks/use-copy.js';
import { useActionLabels } from '../labels/action-labels.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

/** Props of {@link Copy}. */
export interface CopyProps extends ButtonPartProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

/**
 * "Copy": puts the message's text on the clipboard (an answer's markdown once it stands or its
 * complete draft is readable; a user message as typed), then reads "Copied" for two seconds.
 * Hidden while there is nothing readable to copy. `data-copied` is set meanwhile.
 *
 * @example
 * ```tsx
 * <CascadeChat.Copy />
 * ```
 */
export function Copy({ id: idProp, ...props }: CopyProps) {
  const id = useMessageId('CascadeChat.Copy', idProp);
  const { client } = useCascadeContext('CascadeChat.Copy');
  const labels = useActionLabels();
  const [copied, copy] = useCopy();
  const readable = useConversationMessage(id, (message) =>
    message?.role === 'user' ? message.content !== '' : message ? standingText(message.answer) !== '' : false,
  );
  if (!readable) return null;
  const act = () => {
    const message = client.store.getState().byId[id];
    if (message) copy(message.role === 'user' ? message.content : standingText(message.answer));
  };
  return buttonPart('ck-copy', props, act, copied ? labels.copied : labels.copy, {
    'data-copied': copied ? '' : undefined,
  });
}
