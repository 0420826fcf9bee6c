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
  const listeners = new Set<[string, () => void]>();
  let seen = store.getState().byId;
  store.subscribe(({ byId }) => {
    const before = seen;
    seen = byId;
    // A Set may change while it is iterated (a listener may render and unsubscribe at once on a legacy root).
    for (const [id, listener] of listeners) if (byId[id] !== before[id]) listener();
  });
  subscribe = (id, listener) => {
    const entry: [string, () => void] = [id, listener];
    listeners.add(entry);
    return () => listeners.delete(entry);
  };
  byStore.set(store, subscribe);
  return subscribe;
}
