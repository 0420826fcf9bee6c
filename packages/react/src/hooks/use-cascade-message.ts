import type { AnswerState, ConversationMessage } from '@cascadekit/core';
import { useStore } from 'zustand';
import { useCascadeContext } from '../context/cascade-context.js';

/**
 * Reads one message of the conversation through a selector. The component re-renders
 * only when the selected value changes (compared with `Object.is`), so select primitives
 * or stable objects: `(a) => a.status`, `(a) => a.draft.text`.
 *
 * Returns `undefined` (without calling the selector) for a user message or an unknown id;
 * read raw messages with {@link useConversationMessage}.
 *
 * @example
 * ```tsx
 * function Badge({ id }: { id: string }) {
 *   const status = useCascadeMessage(id, (answer) => answer.status);
 *   return <span>{status}</span>;
 * }
 * ```
 */
export function useCascadeMessage<T>(id: string, selector: (answer: AnswerState) => T): T | undefined {
  const { client } = useCascadeContext('useCascadeMessage');
  return useStore(client.store, (state) => {
    const message = state.byId[id];
    return message?.role === 'assistant' ? selector(message.answer) : undefined;
  });
}

/**
 * Reads one raw message (user or assistant) through a selector.
 *
 * @example
 * ```tsx
 * const content = useConversationMessage(id, (m) => (m?.role === 'user' ? m.content : ''));
 * ```
 */
export function useConversationMessage<T>(id: string, selector: (message: ConversationMessage | undefined) => T): T {
  const { client } = useCascadeContext('useConversationMessage');
  return useStore(client.store, (state) => selector(state.byId[id]));
}
