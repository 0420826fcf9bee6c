import { type AnswerState, answerLane, type RevealMode, TERMINAL_STATUSES } from '@cascadekit/core';
import { useEffect, useState } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';

/** What the live region says when an answer changes in a way a listener should know. */
function announcement(before: AnswerState, after: AnswerState, reveal: RevealMode): string | null {
  if (answerLane(before, reveal) === 'draft' && answerLane(after, reveal) === 'final') return 'Answer refined';
  if (!TERMINAL_STATUSES.has(before.status) && after.status === 'error') return 'Answer failed';
  return null;
}

/**
 * A visually hidden polite live region. It listens to the store directly (no re-render per
 * token) and speaks once per swap from draft to refined answer, and once per failure.
 * @internal
 */
export function Announcer() {
  const { client, reveal } = useCascadeContext('Announcer');
  const [message, setMessage] = useState('');
  useEffect(() => {
    let count = 0;
    return client.store.subscribe((state, prev) => {
      for (const id of state.ids) {
        const after = state.byId[id];
        const before = prev.byId[id];
        if (after === before || after?.role !== 'assistant' || before?.role !== 'assistant') continue;
        const text = announcement(before.answer, after.answer, reveal);
        if (text) {
          count += 1;
          // A trailing no-break space alternates so the same words are announced again.
          setMessage(count % 2 ? text : `${text}\u00a0`);
        }
      }
    });
  }, [client, reveal]);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="ck-visually-hidden">
      {message}
    </div>
  );
}
