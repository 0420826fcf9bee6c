import type { CascadeStore } from '@cascadekit/core';

/** Subscribes `listener` to changes of the message `id`; returns the unsubscribe function. */
export type SubscribeMessage = (id: string, listener: () => void) => () => void;

const byStore = new WeakMap<CascadeStore, SubscribeMessage>();

/**
 * Per-message subscriptions to a conversation store, behind one subscription to the store
 * (made once, for the store's lifetime): an update calls only the listeners of the messages whose
 * object it replaced. The store replaces only the object of the message a token is for, so a
 * token costs one comparison per part on screen, instead of a call into React (and a selector
 * run) per part, as subscribing each part to the whole store would.
 * @internal
 */
export function messageSubscriptions(store: CascadeStore): SubscribeMessage {
  let subscribe = byStore.get(store);
  if (subscribe) return subscribe;
  // Grouped by message: an update compares each message once, not once per part on screen
  // (a long conversation has several parts per message; bench 1c, 500 messages).
  const groups = new Map<string, Set<() => void>>();
  let seen = store.getState().byId;
  store.subscribe(({ byId }) => {
    const before = seen;
    seen = byId;
    // A group may change while it is iterated (a listener may render and unsubscribe at once on a legacy root).
    for (const [id, group] of groups) if (byId[id] !== before[id]) for (const listener of group) listener();
  });
  subscribe = (id, listener) => {
    const group = groups.get(id) ?? new Set();
    groups.set(id, group.add(listener));
    // An empty group goes, unless the message was subscribed again since.
    return () => group.delete(listener) && !group.size && groups.get(id) === group && groups.delete(id);
  };
  byStore.set(store, subscribe);
  return subscribe;
}
