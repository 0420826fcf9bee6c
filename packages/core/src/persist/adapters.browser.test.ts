import { afterEach, describe, expect, it } from 'vitest';
import { pushedResponse, scriptedFetch, sseResponse, turnInTwo } from '../__fixtures__/sse.js';
import { createCascadeClient } from '../client/cascade-client.js';
import { immediateScheduler } from '../client/scheduler.js';
import type { ConversationState } from '../store/conversation-store.js';
import { indexedDbAdapter } from './indexed-db.js';
import { localStorageAdapter } from './local-storage.js';
import { PersistError } from './persist-error.js';
import type { SavedConversation } from './storage.js';

// Real storage in Chromium: localStorage and IndexedDB as a page has them.

const saved: SavedConversation = {
  version: 1,
  savedAt: 1_700_000_000_000,
  ids: ['u1'],
  byId: { u1: { id: 'u1', role: 'user', content: 'Grüße, 世界 🌍 "quoted"\nnext line', createdAt: 1 } },
};

const restoredState = (store: {
  getState(): ConversationState;
  subscribe: (l: (s: ConversationState) => void) => () => void;
}) =>
  new Promise<ConversationState>((resolve) => {
    if (store.getState().restoring === false) return resolve(store.getState());
    const off = store.subscribe((s) => {
      if (s.restoring === false) {
        off();
        resolve(s);
      }
    });
  });

afterEach(() => localStorage.clear());

describe('localStorageAdapter (real localStorage)', () => {
  it('saves, reads back and removes a conversation by key', async () => {
    const adapter = localStorageAdapter();
    expect(await adapter.get('k')).toBeUndefined();
    await adapter.set('k', saved);
    expect(JSON.parse(localStorage.getItem('k') as string)).toEqual(saved);
    expect(await adapter.get('k')).toEqual(saved);
    await adapter.remove('k');
    expect(localStorage.getItem('k')).toBeNull();
  });

  it('reads text that is not JSON as a corrupt conversation', async () => {
    localStorage.setItem('k', '{"version":1,');
    const error = await localStorageAdapter()
      .get('k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistError);
    expect(error).toMatchObject({ code: 'corrupt', key: 'k' });
  });

  it('reports a full storage as quota-exceeded and the chat goes on', async () => {
    const adapter = localStorageAdapter();
    // Chromium allows about 5 MB per origin; a conversation of 6 million characters does not fit.
    const huge = { ...saved, byId: { u1: { ...saved.byId.u1, content: 'x'.repeat(6_000_000) } } } as SavedConversation;
    const error = await adapter.set('big', huge).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('QuotaExceededError');

    const errors: PersistError[] = [];
    const [draft, rest] = turnInTwo('Quick draft.', 'Validated final.');
    const { fetch } = scriptedFetch(sseResponse([...draft, ...rest]));
    const client = createCascadeClient({
      fetch,
      schedule: immediateScheduler,
      persist: { onError: (e) => errors.push(e) },
    });
    await restoredState(client.store);
    const answer = await client.send('y'.repeat(6_000_000));
    expect(answer.answer.status).toBe('final');
    await expect.poll(() => errors.map((e) => e.code)).toEqual(['quota-exceeded']);
    expect(localStorage.getItem('cascadekit:conversation')).toBeNull();
  });

  it('saves what streamed so far as the page leaves, and nothing after (the requests it breaks are no failures)', async () => {
    const open = pushedResponse();
    const [draft] = turnInTwo('Half of a long draft.', 'Final.');
    const client = createCascadeClient({
      fetch: scriptedFetch(open.response).fetch,
      schedule: immediateScheduler,
      persist: { throttleMs: 60_000 },
    });
    await restoredState(client.store);
    void client.send('Hide the page now');
    open.push(draft.slice(0, 4));
    await expect.poll(() => localStorage.getItem('cascadekit:conversation') ?? '').toContain('Hide the page now');
    open.push(draft.slice(4, 7));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = localStorage.getItem('cascadekit:conversation') as string;
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    const after = localStorage.getItem('cascadekit:conversation') as string;
    expect(after).not.toBe(before);
    const { byId, ids } = JSON.parse(after) as SavedConversation;
    const answer = byId[ids[1] as string];
    expect(answer?.role === 'assistant' && answer.answer.draft.text).toBe('Half of a long ');

    // Leaving, the browser breaks the request (as in a reload, just after `pagehide`): that end is not saved.
    client.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(localStorage.getItem('cascadekit:conversation')).toBe(after);
    // Back from the page cache, it saves again.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await expect.poll(() => localStorage.getItem('cascadekit:conversation')).toContain('"status":"stopped"');
  });
});

describe('indexedDbAdapter (real IndexedDB)', () => {
  it('saves, reads back and removes a conversation by key, as a structured clone', async () => {
    const adapter = indexedDbAdapter({ database: 'cascadekit-test-a' });
    expect(await adapter.get('k')).toBeUndefined();
    await adapter.set('k', saved);
    const back = await adapter.get('k');
    expect(back).toEqual(saved);
    expect(back).not.toBe(saved);
    await adapter.remove('k');
    expect(await adapter.get('k')).toBeUndefined();
  });

  it('keeps databases apart, and a client restores from one after a "reload"', async () => {
    const [draft, rest] = turnInTwo('Quick draft.', 'Validated final.');
    const storage = indexedDbAdapter({ database: 'cascadekit-test-b' });
    const first = createCascadeClient({
      fetch: scriptedFetch(sseResponse([...draft, ...rest])).fetch,
      schedule: immediateScheduler,
      persist: { storage, key: 'chat' },
    });
    await restoredState(first.store);
    await first.send('Kept in IndexedDB?');
    await expect.poll(async () => (await storage.get('chat')) !== undefined).toBe(true);
    expect(await indexedDbAdapter({ database: 'cascadekit-test-c' }).get('chat')).toBeUndefined();

    const second = createCascadeClient({ persist: { storage: 'indexeddb', key: 'chat' } });
    expect((await restoredState(second.store)).ids).toEqual([]); // 'indexeddb' is the default database, not -b
    const third = createCascadeClient({ persist: { storage, key: 'chat' } });
    const state = await restoredState(third.store);
    expect(state.ids.map((id) => state.byId[id]?.role)).toEqual(['user', 'assistant']);
    third.clear();
    await expect.poll(() => storage.get('chat')).toBeUndefined();
  });
});
