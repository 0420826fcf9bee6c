import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { useActionLabels } from '../labels/action-labels.js';

/** Props of {@link EditForm}. */
export interface EditFormProps {
  id: string;
  /** The message's text to start from. */
  text: string;
  /** Called when the form closes (saved or cancelled). */
  onDone(): void;
}

/**
 * The form that edits a user message (see `<CascadeChat.Edit>`). Loaded on demand.
 * @internal
 */
export function EditForm({ id, text, onDone }: EditFormProps) {
  const { client } = useCascadeContext('CascadeChat.Edit');
  const labels = useActionLabels();
  const [draft, setDraft] = useState(text);
  const save = (event?: FormEvent) => {
    event?.preventDefault();
    if (draft.trim() === '') return;
    onDone();
    client.edit(id, draft).catch(() => {});
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') onDone();
    else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) save(event);
  };
  return (
    <form className="ck-edit-form" onSubmit={save}>
      <textarea
        className="ck-input"
        aria-label={labels.editInput}
        value={draft}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this text
        autoFocus
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="ck-button ck-send" disabled={draft.trim() === ''}>
        {labels.save}
      </button>
      <button type="button" className="ck-button" onClick={onDone}>
        {labels.cancel}
      </button>
    </form>
  );
}
