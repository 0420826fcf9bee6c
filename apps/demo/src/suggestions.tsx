import { useCascadeChat } from '@cascadekit/react';

/** Questions that show off what the answers can hold (a table, code, a list). */
export const SUGGESTIONS = [
  'Compare a fast and a large model in a table',
  'Show retry with backoff in TypeScript',
  'List the steps of a cascade turn',
] as const;

/** The empty conversation: an invitation and a few questions to send with one click. */
export function Suggestions() {
  const { send } = useCascadeChat();
  return (
    <div className="demo-empty">
      <p className="demo-empty-title">Ask anything, or try one of these</p>
      <ul className="demo-suggestions">
        {SUGGESTIONS.map((question) => (
          <li key={question}>
            <button type="button" className="demo-suggestion" onClick={() => send(question).catch(() => {})}>
              {question}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
