import type { CascadeStore, ConversationMessage } from '@cascadekit/core';

/** Subscribes `listener` to changes of the message `id`; returns the unsubscribe function. */
export type SubscribeMessage = (id: string, listener: () => void) => () => void;

const byStore = new WeakMap<CascadeStore, SubscribeMessage>();

/**
 * Per-message subscriptions to a conversation store, behind one subscription to the store:
 * an update calls only the listeners of the messages whose object it replaced. The store replaces
 * only the object of the message a token is for, so a token costs one comparison per message
 * with parts on screen, instead of a call into React (and a selector run) per part of every
 * message, as subscribing each part to the whole store would.
 * @internal
 */
export function messageSubscriptions(store: CascadeStore): SubscribeMessage {
  const known = byStore.get(store);
  if (known) return known;
  const listeners = new Map<string, Set<() => void>>();
  let seen: Record<string, ConversationMessage> = store.getState().byId;
  let unsubscribe: (() => void) | null = null;
  const changed = (state: { byId: Record<string, ConversationMessage> }) => {
    if (state.byId === seen) return;
    const before = seen;
    seen = state.byId;
    const due: (() => void)[] = [];
    for (const [id, set] of listeners) if (seen[id] !== before[id]) due.push(...set);
    for (const listener of due) listener();
  };
  const subscribe: SubscribeMessage = (id, listener) => {
    if (!unsubscribe) {
      seen = store.getState().byId;
      unsubscribe = store.subscribe(changed);
    }
    const set = listeners.get(id) ?? new Set<() => void>();
    listeners.set(id, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) listeners.delete(id);
      if (listeners.size === 0 && unsubscribe) {
        unsubscribe();
        unsubscribe = null;
      }
    };
  };
  byStore.set(store, subscribe);
  return subscribe;
}
