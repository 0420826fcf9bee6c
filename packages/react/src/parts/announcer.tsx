import { type AnswerState, isUpgraded, TERMINAL_STATUSES } from '@cascadekit/core';
import { type CSSProperties, useEffect, useState } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { type CascadeLabels, useLabels } from '../labels/labels.js';

/**
 * Visually hidden, inline so it holds without styles.css (a headless app's own CSS may not
 * have a visually-hidden class).
 * @internal
 */
export const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** What the live region says when an answer reaches a terminal state (once, when it gets there). */
export function announcement(before: AnswerState, after: AnswerState, words: CascadeLabels['announce']): string | null {
  if (TERMINAL_STATUSES.has(before.status) || !TERMINAL_STATUSES.has(after.status)) return null;
  const status = after.status as keyof CascadeLabels['announce'];
  return after.status === 'final' && isUpgraded(after) ? words.improved : words[status];
}

/**
 * A visually hidden polite live region. It listens to the store directly (no re-render per
 * token) and speaks once per answer, when it settles: final (improved or not), draft-only,
 * accepted, stopped, cut off or failed. Never before the final text passed validation: the
 * status only turns `final` then, whatever the reveal mode shows meanwhile.
 * @internal
 */
export function Announcer() {
  const { client } = useCascadeContext('Announcer');
  const { announce } = useLabels();
  const [message, setMessage] = useState('');
  useEffect(() => {
    let count = 0;
    return client.store.subscribe((state, prev) => {
      for (const id of state.running.length || prev.running.length ? state.ids : []) {
        const after = state.byId[id];
        const before = prev.byId[id];
        if (after === before || after?.role !== 'assistant' || before?.role !== 'assistant') continue;
        const text = announcement(before.answer, after.answer, announce);
        if (text) {
          count += 1;
          // A trailing no-break space alternates so the same words are announced again.
          setMessage(count % 2 ? text : `${text}\u00a0`);
        }
      }
    });
  }, [client, announce]);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" style={VISUALLY_HIDDEN}>
      {message}
    </div>
  );
}
