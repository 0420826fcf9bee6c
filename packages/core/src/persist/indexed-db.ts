import { createStore, del, get, set } from 'idb-keyval';
import type { ConversationStorage } from './storage.js';

/** Options of {@link indexedDbAdapter}. */
export interface IndexedDbAdapterOptions {
  /** Database name. Default `'cascadekit'`. */
  database?: string;
  /** Object store name. Default `'conversations'`. */
  store?: string;
}

/**
 * Saves conversations in IndexedDB (through idb-keyval), as structured clones: no JSON step, and
 * room for far more than localStorage's ~5 MB. Writes are asynchronous, so a save started as the
 * page unloads may not land (the one before it has). `persist: { storage: 'indexeddb' }` uses it.
 *
 * @example
 * ```ts
 * createCascadeClient({ persist: { storage: indexedDbAdapter({ database: 'my-app' }) } });
 * ```
 */
export function indexedDbAdapter(options: IndexedDbAdapterOptions = {}): ConversationStorage {
  // Opened on first use, so creating the adapter touches no storage.
  const store = createStore(options.database ?? 'cascadekit', options.store ?? 'conversations');
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    remove: (key) => del(key, store),
  };
}
