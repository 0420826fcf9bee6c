// The Vercel AI SDK's `useChat` (ai 6, @ai-sdk/react 3 — what Node 20 installs) rendering the same
// answer from its own UI message stream protocol, as its docs show: each text part as it arrives.
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { observePage } from './probes';
import { benchTokens, chunkStream, tokenChunks, tokenCountFromUrl } from './token-source';

observePage();
const tokens = benchTokens(tokenCountFromUrl());
const sse = (chunk: unknown) => `data: ${JSON.stringify(chunk)}\n\n`;

const prefix =
  sse({ type: 'start', messageId: 'a1' }) + sse({ type: 'start-step' }) + sse({ type: 'text-start', id: 't1' });
const suffix = [
  sse({ type: 'text-end', id: 't1' }),
  sse({ type: 'finish-step' }),
  sse({ type: 'finish' }),
  'data: [DONE]\n\n',
].join('');
const chunks = tokenChunks(tokens, (delta) => sse({ type: 'text-delta', id: 't1', delta }), prefix, suffix);

const fetchAnswer: typeof fetch = async () =>
  new Response(chunkStream(chunks), {
    headers: { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' },
  });

const transport = new DefaultChatTransport({ api: '/api/chat', fetch: fetchAnswer });

function Chat() {
  const { messages, sendMessage } = useChat({ transport });
  const [input, setInput] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void sendMessage({ text: input });
    setInput('');
  };
  return (
    <div id="out">
      {messages.map((m) => (
        <div key={m.id} style={{ whiteSpace: 'pre-wrap' }}>
          {m.parts.map((part, i) =>
            // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; this is the AI SDK docs' own pattern.
            part.type === 'text' ? <span key={`${m.id}-${i}`}>{part.text}</span> : null,
          )}
        </div>
      ))}
      <form onSubmit={submit}>
        <textarea
          aria-label="Message"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          // Enter sends, as in any chat composer (and in <CascadeChat>); the harness presses it.
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <button type="submit">Send</button>
      </form>
    </div>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Chat />);
