import type { ConversationMessage } from '../store/conversation-store.js';
import type { PersistError } from './persist-error.js';

/**
 * Version of the saved format. A saved record of another version goes through
 * {@link PersistOptions.migrate}, or is discarded with a warning.
 */
export const PERSIST_VERSION = 1;

/** A conversation as it is saved (format version 1): the store's messages, in order. */
export interface SavedConversation {
  version: typeof PERSIST_VERSION;
  /** Epoch ms (the client's clock) of the write. */
  savedAt: number;
  ids: string[];
  byId: Record<string, ConversationMessage>;
}

/**
 * Where a conversation is saved: async get, set and remove of one conversation by key. The
 * built-in ones are `localStorageAdapter()` and `indexedDbAdapter()`; write your own for a
 * server, a file or an encrypted store. Errors thrown (or rejected) reach
 * {@link PersistOptions.onError}; the chat goes on either way.
 *
 * @example
 * ```ts
 * const memory = new Map<string, SavedConversation>();
 * const storage: ConversationStorage = {
 *   get: async (key) => memory.get(key),
 *   set: async (key, value) => void memory.set(key, value),
 *   remove: async (key) => void memory.delete(key),
 * };
 * createCascadeClient({ persist: { storage } });
 * ```
 */
export interface ConversationStorage {
  /**
   * The value saved under `key`, or `undefined` when there is none. It is checked before use, so
   * an adapter hands back whatever it holds.
   */
  get(key: string): Promise<unknown>;
  /** Saves the conversation under `key`, replacing what was there. */
  set(key: string, value: SavedConversation): Promise<void>;
  /** Removes what is saved under `key` (the conversation was cleared). */
  remove(key: string): Promise<void>;
}

/** Options of `persist` (see `CascadeClientOptions.persist`). */
export interface PersistOptions {
  /** Key of the conversation in the storage. Default `'cascadekit:conversation'`. */
  key?: string;
  /**
   * Where to save: `'local'` (localStorage, default), `'indexeddb'`, or an adapter of your own.
   * The built-in adapters load as a chunk of their own when the client is created.
   */
  storage?: 'local' | 'indexeddb' | ConversationStorage;
  /**
   * Longest time in ms a streaming answer's text waits to be saved. Default 1000. Tokens never
   * cause a write each: a new or removed message, or an answer that settles, is saved at once
   * (the next macrotask); text that streams in meanwhile goes with the next write, at most this long after.
   */
  throttleMs?: number;
  /**
   * Upgrades a record saved in another format version (`saved.version`); return `undefined` to
   * discard it. Without it, such records are discarded with a warning.
   */
  migrate?: (saved: Record<string, unknown>) => SavedConversation | undefined;
  /**
   * Called when reading, restoring or saving fails (`PersistError`: `code` `read-failed`,
   * `write-failed`, `quota-exceeded`, `corrupt` or `unknown-version`). The chat goes on; corrupt or
   * unknown data is discarded. Default: `console.warn`.
   */
  onError?: (error: PersistError) => void;
}
