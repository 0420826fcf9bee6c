import type { AnswerState, ConversationMessage } from '@cascadekit/core';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { messageSubscriptions } from './message-subscriptions.js';

type Items = Record<string, unknown> | undefined;

/** Two arrays, or two plain objects, with the same items (each compared with `Object.is`). */
const sameItems = (a: Items, b: Items) =>
  (Array.isArray(a) || a?.constructor === Object) &&
  a?.constructor === b?.constructor &&
  Object.keys(a).length === Object.keys(b).length &&
  Object.keys(a).every((key) => Object.is(a[key], b[key]));

/**
 * Subscribes to one message (to its answer with `answer`) through `selector`, which runs again
 * only when that message's object (or the selector) changed. The store replaces only the object
 * of the message a token is for, and {@link messageSubscriptions} calls only that message's
 * listeners, so in a long conversation a token costs the other messages' parts nothing.
 */
function useMessageSelector<T>(
  part: string,
  id: string,
  selector: (value: never) => T,
  answer?: boolean,
): T | undefined {
  const { store } = useCascadeContext(part).client;
  // The last message seen, the selector that read it and what it returned (no selector yet: nothing matches).
  const last = useRef([] as unknown as [ConversationMessage | undefined, typeof selector, T | undefined]);
  const subscribe = useCallback((listener: () => void) => messageSubscriptions(store)(id, listener), [store, id]);
  const pick = (message: ConversationMessage | undefined) => {
    const picked = last.current;
    if (picked[0] === message && picked[1] === selector) return picked[2];
    const select = selector as (value: unknown) => T;
    let value = !answer ? select(message) : message?.role === 'assistant' ? select(message.answer) : undefined;
    // A new tuple (or plain object) with the same items as before is the same value.
    if (sameItems(value as Items, picked[2] as Items)) value = picked[2];
    last.current = [message, selector, value];
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
 * only when the selected value changes: compared with `Object.is`, and a new array or plain
 * object item by item, so `(a) => [a.status, a.draft.text]` re-renders only when one of them
 * changed. The selector runs only when this message changed (or the selector did), not on
 * every update of the conversation.
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
  return useMessageSelector('useCascadeMessage', id, selector, true);
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
  return useMessageSelector('useConversationMessage', id, selector) as T;
}
