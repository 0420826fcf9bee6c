import { ChatComposer } from '@cascadekit/react';

/** A composer of an app's own markup: `render` builds the inside of the form from the composer's state. */
export function OwnComposer() {
  return (
    <ChatComposer
      render={({ text, setText, submit, canSend }) => (
        <>
          <input aria-label="Question" value={text} onChange={(event) => setText(event.target.value)} />
          <button type="button" onClick={submit} disabled={!canSend || text.trim() === ''}>
            Ask
          </button>
        </>
      )}
    />
  );
}
