import {
  answerText,
  CascadeProvider,
  type UseCascadeChatOptions,
  useCascadeChat,
  useConversationMessage,
} from '@cascadekit/react';
import { useState } from 'react';

/** One line per message: what was asked, or the answer as it stands. */
function Line({ id }: { id: string }) {
  const line = useConversationMessage(id, (m) =>
    m?.role === 'user' ? `You: ${m.content}` : m ? `Assistant: ${answerText(m.answer)}` : '',
  );
  return <li>{line}</li>;
}

/** A chat of the app's own design on `useCascadeChat`: the hook holds the conversation and sends. */
export function MiniChat(options: UseCascadeChatOptions) {
  const chat = useCascadeChat(options);
  const [text, setText] = useState('');
  return (
    // The provider lets `Line` read each message of this hook's conversation.
    <CascadeProvider client={chat.client}>
      <ol aria-label="Messages">
        {chat.ids.map((id) => (
          <Line key={id} id={id} />
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          chat.send(text).catch(() => {});
          setText('');
        }}
      >
        <input aria-label="Question" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">Send</button>
        <button type="button" onClick={() => chat.stop()} disabled={!chat.isRunning}>
          Stop
        </button>
        <button type="button" onClick={chat.clear} disabled={chat.ids.length === 0}>
          New chat
        </button>
      </form>
    </CascadeProvider>
  );
}
