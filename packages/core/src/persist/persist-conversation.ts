import type { CascadeStore, ConversationMessage, ConversationState } from '../store/conversation-store.js';
import { localStorageAdapter } from './local-storage.js';
import { PersistError } from './persist-error.js';
import { restoredMessages } from './restore.js';
import { type ConversationStorage, PERSIST_VERSION, type PersistOptions, type SavedConversation } from './storage.js';

const DEFAULT_KEY = 'cascadekit:conversation';
const PAGE_EVENTS = ['pagehide', 'pageshow', 'visibilitychange'];

function storageFor(choice: PersistOptions['storage']): Promise<ConversationStorage> {
  if (choice === 'indexeddb') return import('./indexed-db.js').then((m) => m.indexedDbAdapter());
  return Promise.resolve(choice === undefined || choice === 'local' ? localStorageAdapter() : choice);
}

/**
 * Restores the conversation saved under `options.key` into `store`, then saves it on change until
 * the returned function is called. The messages of `initialIds` (the store's when the client was
 * created: initial messages) give way to a saved conversation; messages sent while it was read
 * follow it.
 *
 * Writes stay off the per-token path: a message added or removed, or an answer that settles, is
 * saved at the next macrotask; text streaming in between waits up to `throttleMs`. Writes never
 * overlap, and a change during a write is saved after it. When the page is hidden, anything unsaved
 * is written at once; once it is leaving (`pagehide`), nothing more until it is shown again (so
 * the requests the browser breaks as it leaves are not saved as failed answers). A conversation cleared to nothing is
 * removed from the storage. Every failure goes to `onError` (default `console.warn`), never to
 * the chat.
 */
export async function persistConversation(
  store: CascadeStore,
  persist: true | PersistOptions,
  now: () => number,
  initialIds: readonly string[],
): Promise<() => void> {
  const options = persist === true ? {} : persist;
  const key = options.key ?? DEFAULT_KEY;
  const throttleMs = options.throttleMs ?? 1000;
  const report = options.onError ?? ((error: PersistError) => console.warn(error.message));
  let restoring = true;
  let leaving = false;
  let cleared = false;
  let dirty = false;
  // How soon the unsaved changes want saving: 0 after a milestone, else `throttleMs`.
  let wanted = Number.POSITIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = 0;
  let writing: Promise<void> | undefined;
  let lastFailure: string | undefined;

  const storage = await storageFor(options.storage).catch((cause: unknown) => {
    report(new PersistError('read-failed', key, 'The conversation storage could not be loaded.', { cause }));
    return undefined;
  });

  const write = async (target: ConversationStorage) => {
    dirty = false;
    wanted = Number.POSITIVE_INFINITY;
    const { ids, byId } = store.getState();
    try {
      if (ids.length === 0) await target.remove(key);
      else await target.set(key, { version: PERSIST_VERSION, savedAt: now(), ids, byId });
      lastFailure = undefined;
    } catch (cause) {
      const code =
        (cause as { name?: unknown } | null)?.name === 'QuotaExceededError' ? 'quota-exceeded' : 'write-failed';
      // Reported once until a write succeeds again, not once per change.
      if (lastFailure !== code) {
        lastFailure = code;
        report(
          new PersistError(code, key, `The conversation "${key}" could not be saved (${String(cause)}).`, { cause }),
        );
      }
    }
  };
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!storage || restoring || leaving || !dirty) return;
    if (writing) return; // the write in flight saves again when it ends (`dirty`)
    writing = write(storage).finally(() => {
      writing = undefined;
      if (dirty) schedule();
    });
  };
  const schedule = () => {
    const delay = Math.min(wanted, throttleMs);
    const due = now() + delay;
    if (timer !== undefined && timerDue <= due) return;
    clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(flush, delay);
  };

  const unsubscribe = store.subscribe((state: ConversationState, prev: ConversationState) => {
    // A message added or removed, or a turn that started or ended, is saved at once; streamed text may wait.
    const milestone = state.ids !== prev.ids || state.running !== prev.running;
    if (!milestone && state.byId === prev.byId) return;
    if (restoring && state.ids !== prev.ids && state.ids.length === 0) cleared = true;
    dirty = true;
    wanted = Math.min(wanted, milestone ? 0 : throttleMs);
    if (!restoring) schedule();
  });
  // Hidden, the page may be going away: what is unsaved is saved now. Once it is leaving
  // (`pagehide`), nothing more is: the browser then breaks its requests, and the answers must be
  // saved as running (restored as interrupted), not as failed. Back from the page cache, it saves again.
  const onPageEvent = (event: Event) => {
    if (event.type === 'pageshow') {
      if (!(event as { persisted?: boolean }).persisted) return;
      leaving = false;
      dirty = true;
      wanted = 0;
      schedule();
    } else if (event.type === 'pagehide' || globalThis.document?.visibilityState === 'hidden') {
      flush();
      leaving ||= event.type === 'pagehide';
    }
  };
  for (const type of PAGE_EVENTS) globalThis.addEventListener?.(type, onPageEvent);

  let restoredById: SavedConversation['byId'] = {};
  if (storage) {
    let restored: ReturnType<typeof restoredMessages>;
    try {
      restored = cleared ? undefined : restoredMessages(await storage.get(key), key, options, now());
    } catch (cause) {
      restored =
        cause instanceof PersistError
          ? cause
          : new PersistError('read-failed', key, `The conversation "${key}" could not be read.`, { cause });
    }
    if (restored instanceof PersistError) {
      report(restored);
      // Unusable data goes: the next save would replace it anyway, and a reload must not warn again.
      if (restored.code !== 'read-failed') {
        try {
          await storage.remove(key);
        } catch {
          // Still unusable next time: it is reported and discarded again.
        }
      }
    } else if (restored && !cleared) {
      const { ids, byId } = restored;
      restoredById = byId;
      store.setState((s) => {
        const later = s.ids.filter((id) => !initialIds.includes(id) && !Object.hasOwn(byId, id));
        const merged: ConversationState['byId'] = { ...byId };
        for (const id of later) merged[id] = s.byId[id] as ConversationMessage;
        return { ids: [...ids, ...later], byId: merged };
      });
    }
  }
  restoring = false;
  // A restored conversation is saved already; messages sent before this chunk loaded or while the
  // storage was read are not, and neither is a clear meanwhile.
  dirty = cleared || store.getState().ids.some((id) => !initialIds.includes(id) && !Object.hasOwn(restoredById, id));
  wanted = dirty ? 0 : Number.POSITIVE_INFINITY;
  store.setState({ restoring: false });
  if (dirty) schedule();

  return () => {
    unsubscribe();
    for (const type of PAGE_EVENTS) globalThis.removeEventListener?.(type, onPageEvent);
    flush();
  };
}
