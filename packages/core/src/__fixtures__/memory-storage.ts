import type { ConversationStorage, SavedConversation } from '../persist/storage.js';

/**
 * A `ConversationStorage` in memory that keeps every write, like a page's storage across reloads:
 * hand the same one to a second client to "reload". `fail` makes writes throw the given error.
 */
export function memoryStorage(initial?: Record<string, unknown>) {
  const data = new Map<string, unknown>(Object.entries(initial ?? {}));
  const writes: (SavedConversation | 'removed')[] = [];
  const control = { fail: undefined as Error | undefined, failReads: undefined as Error | undefined };
  const storage: ConversationStorage = {
    async get(key) {
      if (control.failReads) throw control.failReads;
      // A structured clone, as IndexedDB hands back: never the object the client saved.
      return data.has(key) ? structuredClone(data.get(key)) : undefined;
    },
    async set(key, value) {
      if (control.fail) throw control.fail;
      writes.push(structuredClone(value));
      data.set(key, structuredClone(value));
    },
    async remove(key) {
      if (control.fail) throw control.fail;
      writes.push('removed');
      data.delete(key);
    },
  };
  return { storage, data, writes, control };
}
