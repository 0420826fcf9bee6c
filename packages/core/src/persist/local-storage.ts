import { PersistError } from './persist-error.js';
import type { ConversationStorage } from './storage.js';

/** Options of {@link localStorageAdapter}. */
export interface LocalStorageAdapterOptions {
  /** The `Storage` to use. Default `globalThis.localStorage` (read on each call). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/**
 * Saves conversations in `localStorage` as JSON: synchronous underneath, so the last save before a
 * reload always lands; about 5 MB per origin in most browsers (a full storage is reported as
 * `quota-exceeded`). `persist: { storage: 'local' }` uses it.
 *
 * @example
 * ```ts
 * createCascadeClient({ persist: { storage: localStorageAdapter({ storage: sessionStorage }) } });
 * ```
 */
export function localStorageAdapter(options: LocalStorageAdapterOptions = {}): ConversationStorage {
  const area = () => options.storage ?? globalThis.localStorage;
  return {
    async get(key) {
      const text = area().getItem(key);
      if (text === null) return undefined;
      try {
        return JSON.parse(text);
      } catch (cause) {
        throw new PersistError('corrupt', key, `The saved conversation "${key}" is not JSON.`, { cause });
      }
    },
    async set(key, value) {
      area().setItem(key, JSON.stringify(value));
    },
    async remove(key) {
      area().removeItem(key);
    },
  };
}
