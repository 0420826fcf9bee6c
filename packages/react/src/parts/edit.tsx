import { type ComponentType, lazy, Suspense, useState } from 'react';
import { useMessageId } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { useActionLabels } from '../labels/action-labels.js';
import type { EditFormProps } from '../view/edit-form.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

// Its own chunk: loaded when the user first asks to edit.
const EditForm: ComponentType<EditFormProps> = lazy(() =>
  import('../view/edit-form.js').then((m) => ({ default: m.EditForm })),
);

/** Props of {@link Edit}. */
export interface EditProps extends ButtonPartProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
}

/**
 * "Edit" on a user message: opens the message's text in a box with "Save and send" and
 * "Cancel" (Enter saves, Shift+Enter adds a line, Escape cancels). Saving truncates: the
 * messages after it are removed (their running turns stopped) and the edited message is
 * answered again (`client.edit`); there are no branches. Renders nothing on answers.
 * While the form is open the message carries it, so the default style hides the old text.
 *
 * @example
 * ```tsx
 * <CascadeChat.Message id={id}>
 *   <CascadeChat.Text />
 *   <CascadeChat.Edit />
 * </CascadeChat.Message>
 * ```
 */
export function Edit({ id: idProp, ...props }: EditProps) {
  const id = useMessageId('CascadeChat.Edit', idProp);
  const labels = useActionLabels();
  const content = useConversationMessage(id, (m) => (m?.role === 'user' ? m.content : undefined));
  const [draft, setDraft] = useState<string | null>(null);
  if (content === undefined) return null;
  if (draft === null) return buttonPart('ck-edit', props, () => setDraft(content), labels.edit);
  return (
    <Suspense fallback={null}>
      <EditForm id={id} text={draft} onDone={() => setDraft(null)} />
    </Suspense>
  );
}
