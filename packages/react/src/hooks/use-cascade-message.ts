import type { AnswerState, ConversationMessage } from '@cascadekit/core';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { messageSubscriptions } from './message-subscriptions.js';

/** The last message a selector saw and what it returned, see {@link useMessageSelector}. */
interface Picked<T> {
  message: ConversationMessage | undefined;
  selector: (message: ConversationMessage | undefined) => T;
  value: T;
}

/**
 * Subscribes to one message through `selector`, which runs again only when that message's
 * object (or the selector) changed. The store replaces only the object of the message a token
 * is for, and {@link messageSubscriptions} calls only that message's listeners, so in a long
 * conversation a token costs the other messages' parts nothing.
 */
function useMessageSelector<T>(part: string, id: string, selector: (message: ConversationMessage | undefined) => T): T {
  const { store } = useCascadeContext(part).client;
  const last = useRef<Picked<T> | null>(null);
  const subscribe = useCallback((listener: () => void) => messageSubscriptions(store)(id, listener), [store, id]);
  const pick = (message: ConversationMessage | undefined) => {
    const picked = last.current;
    if (picked && picked.message === message && picked.selector === selector) return picked.value;
    const value = selector(message);
    last.current = { message, selector, value };
    return value;
  };
  // On the server and while hydrating: the store's initial state, as zustand's `useStore` reads it.
  return useSyncExternalStore(
    subscribe,
    () => pick(store.getState().byId[id]),
    () => pick(store.getInitialState().byId[id]),
  );
}

/**
 * Reads one message of the conversation through a selector. The component re-renders
 * only when the selected value changes (compared with `Object.is`), so select primitives
 * or stable objects: `(a) => a.status`, `(a) => a.draft.text`. The selector runs only when
 * this message changed (or the selector did), not on every update of the conversation.
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
  const wrapped = useRef<{ selector: typeof selector; of: (m: ConversationMessage | undefined) => T | undefined }>(
    null,
  );
  if (wrapped.current?.selector !== selector) {
    wrapped.current = { selector, of: (m) => (m?.role === 'assistant' ? selector(m.answer) : undefined) };
  }
  return useMessageSelector('useCascadeMessage', id, wrapped.current.of);
}

/**
 * Reads one raw message (user or assistant) through a selector; like {@link useCascadeMessage},
 * the selector runs only when this message (or the selector) changed.
 *
 * @example
 * ```tsx
 * const content = useConversationMessage(id, (m) => (m?.role === 'user' ? m.content : ''));
 * ```
 */
export function useConversationMessage<T>(id: string, selector: (message: ConversationMessage | undefined) => T): T {
  return useMessageSelector('useConversationMessage', id, selector);
}
