import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../__fixtures__/memory-storage.js';
import { cascadeTurn, pushedResponse, scriptedFetch, sseResponse, turnInTwo } from '../__fixtures__/sse.js';
import { answerText } from '../cascade/answer-view.js';
import { type CascadeClient, type CascadeClientOptions, createCascadeClient } from '../client/cascade-client.js';
import { immediateScheduler } from '../client/scheduler.js';
import type { CascadeEvent } from '../protocol/events.js';
import type { AssistantMessage, ConversationState } from '../store/conversation-store.js';
import type { PersistError } from './persist-error.js';
import type { ConversationStorage, SavedConversation } from './storage.js';

const KEY = 'cascadekit:conversation';

/** Resolves once the client has read what was saved (`restoring` turned false). */
function restored(client: CascadeClient): Promise<ConversationState> {
  return new Promise((resolve) => {
    const state = client.store.getState();
    if (state.restoring === false) return resolve(state);
    const unsubscribe = client.store.subscribe((s) => {
      if (s.restoring === false) {
        unsubscribe();
        resolve(s);
      }
    });
  });
}

function clientOn(storage: ConversationStorage, extra: CascadeClientOptions = {}) {
  return createCascadeClient({ schedule: immediateScheduler, persist: { storage }, ...extra });
}

const roles = (s: ConversationState) => s.ids.map((id) => s.byId[id]?.role);
const assistants = (s: ConversationState) =>
  s.ids.map((id) => s.byId[id]).filter((m): m is AssistantMessage => m?.role === 'assistant');
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('persist: restoring a conversation', () => {
  it('brings back a settled conversation in a new client on the same storage (a reload)', async () => {
    const { storage, data } = memoryStorage();
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Quick draft.', 'Validated final.')));
    const first = clientOn(storage, { fetch });
    await restored(first);
    const answer = await first.send('What is a breaker?');
    first.rate(answer.id, 'up');
    await macrotask();
    expect((data.get(KEY) as SavedConversation).version).toBe(1);

    const second = clientOn(storage);
    expect(second.store.getState().restoring).toBe(true);
    const state = await restored(second);
    expect(roles(state)).toEqual(['user', 'assistant']);
    expect(state.byId[state.ids[0] as string]).toMatchObject({ role: 'user', content: 'What is a breaker?' });
    const [back] = assistants(state);
    expect(back?.answer.status).toBe('final');
    expect(answerText(back?.answer as AssistantMessage['answer'])).toBe('Validated final.');
    expect(back?.feedback).toBe('up');
    expect(state.running).toEqual([]);
  });

  it('saves a new question at once, and a turn running at reload comes back interrupted; retry answers it in place', async () => {
    const { storage } = memoryStorage();
    const [beforeDone] = turnInTwo('Quick draft.', 'Validated final.');
    const open = pushedResponse();
    const first = clientOn(storage, { fetch: scriptedFetch(open.response).fetch });
    await restored(first);
    void first.send('Still running?');
    open.push(beforeDone.slice(0, 3)); // the draft has started streaming
    await macrotask();
    await macrotask();

    // The page reloads: the first client is simply gone, its request with it.
    const { fetch, calls } = scriptedFetch(sseResponse(cascadeTurn('Second draft.', 'Second final.')));
    const second = clientOn(storage, { fetch });
    const state = await restored(second);
    const [answer] = assistants(state);
    expect(answer?.answer.status).toBe('interrupted');
    expect(answer?.answer.error).toEqual({
      code: 'interrupted',
      message: 'The page was closed or reloaded before the answer finished.',
    });
    // Attempts that were running end with the turn: no trace shows one running forever.
    expect(answer?.answer.draft.attempts.every((a) => a.outcome !== 'running')).toBe(true);
    expect(second.canSend()).toBe(true);

    const retried = await second.retry(answer?.id as string);
    expect(retried.id).toBe(answer?.id);
    expect(retried.answer.status).toBe('final');
    expect(calls[0]?.messages).toEqual([{ role: 'user', content: 'Still running?' }]);
    expect(roles(second.store.getState())).toEqual(['user', 'assistant']);
  });

  it('puts messages sent while it reads after the restored ones, and lets initial messages give way', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const saved = memoryStorage();
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Saved draft.', 'Saved final.')));
    const first = clientOn(saved.storage, { fetch });
    await restored(first);
    await first.send('Saved question');
    await macrotask();

    const slow: ConversationStorage = { ...saved.storage, get: async (key) => gate.then(() => saved.storage.get(key)) };
    const next = scriptedFetch(sseResponse(cascadeTurn('New draft.', 'New final.')));
    const second = clientOn(slow, { fetch: next.fetch, initialMessages: [{ role: 'assistant', content: 'Welcome!' }] });
    const sent = second.send('Asked while reading');
    release();
    await restored(second);
    await sent;
    const state = second.store.getState();
    const contents = state.ids
      .map((id) => state.byId[id])
      .map((m) => (m?.role === 'user' ? m.content : answerText((m as AssistantMessage).answer)));
    expect(contents).toEqual(['Saved question', 'Saved final.', 'Asked while reading', 'New final.']);
    await macrotask();
    expect((saved.data.get(KEY) as SavedConversation).ids).toHaveLength(4);
  });

  it('discards corrupt data with a warning and starts empty; the chat works', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { storage, data } = memoryStorage({
      [KEY]: { version: 1, savedAt: 1, ids: ['u1'], byId: { u1: { id: 'u1', role: 'user', content: 42 } } },
    });
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Draft.', 'Final.')));
    const client = clientOn(storage, { fetch });
    const state = await restored(client);
    expect(state.ids).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      'The saved conversation "cascadekit:conversation" was discarded: "saved.byId.u1.content" must be a string, got 42.',
    );
    expect(data.has(KEY)).toBe(false);
    expect((await client.send('Hello')).answer.status).toBe('final');
  });

  it.each([
    ['not an object', 'garbage'],
    ['an id without its message', { version: 1, savedAt: 1, ids: ['a1'], byId: {} }],
    [
      'an unknown status',
      {
        version: 1,
        savedAt: 1,
        ids: ['a1'],
        byId: { a1: { id: 'a1', role: 'assistant', answer: { status: 'exploded' } } },
      },
    ],
  ])('reports %s as corrupt (onError) and discards it', async (_, value) => {
    const errors: PersistError[] = [];
    const { storage, data } = memoryStorage({ [KEY]: value });
    const client = createCascadeClient({ persist: { storage, onError: (e) => errors.push(e) } });
    expect((await restored(client)).ids).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['corrupt']);
    expect(data.has(KEY)).toBe(false);
  });

  it('hands a record of another format version to migrate, else discards it as unknown-version', async () => {
    const old = { version: 0, messages: [{ id: 'u1', text: 'Old question' }] };
    const migrate = (saved: Record<string, unknown>): SavedConversation | undefined => {
      const [m] = saved.messages as { id: string; text: string }[];
      if (!m) return undefined;
      return {
        version: 1,
        savedAt: 1,
        ids: [m.id],
        byId: { [m.id]: { id: m.id, role: 'user', content: m.text, createdAt: 1 } },
      };
    };
    const migrated = createCascadeClient({ persist: { storage: memoryStorage({ [KEY]: old }).storage, migrate } });
    const state = await restored(migrated);
    expect(state.byId.u1).toMatchObject({ content: 'Old question' });

    const errors: PersistError[] = [];
    const unknown = memoryStorage({ [KEY]: old });
    const discarded = createCascadeClient({ persist: { storage: unknown.storage, onError: (e) => errors.push(e) } });
    expect((await restored(discarded)).ids).toEqual([]);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'unknown-version',
        'The saved conversation "cascadekit:conversation" has format version 0, not 1; it was discarded.',
      ],
    ]);
    expect(unknown.data.has(KEY)).toBe(false);
  });

  it('reports a storage that cannot be read and goes on without it', async () => {
    const errors: PersistError[] = [];
    const memory = memoryStorage();
    memory.control.failReads = new Error('SecurityError: storage disabled');
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Draft.', 'Final.')));
    const client = createCascadeClient({
      fetch,
      schedule: immediateScheduler,
      persist: { storage: memory.storage, onError: (e) => errors.push(e) },
    });
    await restored(client);
    expect(errors.map((e) => e.code)).toEqual(['read-failed']);
    expect((await client.send('Hi')).answer.status).toBe('final');
  });
});

describe('persist: saving', () => {
  it('never writes per token: a long stream is saved a few times, its partial text included', async () => {
    vi.useFakeTimers();
    const memory = memoryStorage();
    const open = pushedResponse();
    const client = clientOn(memory.storage, { fetch: scriptedFetch(open.response).fetch });
    await restored(client);
    const settled = client.send('Tell me a long story.');
    const words = Array.from({ length: 200 }, (_, i) => `word${i} `);
    open.push([
      { type: 'turn-start', v: 1, turnId: 't', chain: 'default', lanes: ['draft', 'final'] },
      { type: 'attempt-start', lane: 'draft', attempt: 0, model: 'fast', provider: 'sim' },
    ]);
    // 200 tokens, 20 ms apart: 4 s of streaming.
    for (const text of words) {
      open.push([{ type: 'delta', lane: 'draft', text }]);
      await vi.advanceTimersByTimeAsync(20);
    }
    const midStream = memory.writes.length;
    const lastSaved = memory.writes.at(-1) as SavedConversation;
    const [streaming] = assistants({ ...lastSaved, running: [], activeId: null });
    expect(streaming?.answer.draft.text.length).toBeGreaterThan(0);
    const rest: CascadeEvent[] = [
      { type: 'lane-done', lane: 'draft', model: 'fast', text: words.join('') },
      { type: 'lane-failed', lane: 'final', reason: 'http-status', message: 'no' },
      { type: 'done' },
    ];
    open.push(rest);
    open.end();
    await settled;
    await vi.advanceTimersByTimeAsync(0);
    // The question at once, about one write a second while text streams (throttleMs 1000), the end.
    expect(midStream).toBeGreaterThanOrEqual(3);
    expect(midStream).toBeLessThanOrEqual(6);
    expect(memory.writes.length).toBe(midStream + 1);
    const [final] = assistants({ ...(memory.writes.at(-1) as SavedConversation), running: [], activeId: null });
    expect(final?.answer.status).toBe('draft-only');
  });

  it('reports a failed or full storage once through onError, and the chat goes on', async () => {
    const errors: PersistError[] = [];
    const memory = memoryStorage();
    const { fetch } = scriptedFetch(
      sseResponse(cascadeTurn('Draft one.', 'Final one.')),
      sseResponse(cascadeTurn('Draft two.', 'Final two.')),
      sseResponse(cascadeTurn('Draft three.', 'Final three.')),
    );
    const client = createCascadeClient({
      fetch,
      schedule: immediateScheduler,
      persist: { storage: memory.storage, onError: (e) => errors.push(e) },
    });
    await restored(client);
    memory.control.fail = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect((await client.send('One')).answer.status).toBe('final');
    await macrotask();
    expect((await client.send('Two')).answer.status).toBe('final');
    await macrotask();
    expect(errors.map((e) => e.code)).toEqual(['quota-exceeded']);
    expect(errors[0]?.cause).toBe(memory.control.fail);

    memory.control.fail = undefined;
    expect((await client.send('Three')).answer.status).toBe('final');
    await macrotask();
    expect((memory.data.get(KEY) as SavedConversation).ids).toHaveLength(6);
    memory.control.fail = new Error('disk gone');
    client.rate(client.store.getState().ids[1] as string, 'down');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(errors.map((e) => e.code)).toEqual(['quota-exceeded', 'write-failed']);
  });

  it('saves a conversation that started before the persistence chunk had loaded', async () => {
    const memory = memoryStorage();
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Draft.', 'Final.')));
    const client = clientOn(memory.storage, { fetch });
    await client.send('Sent at once');
    await restored(client);
    await macrotask();
    const saved = memory.data.get(KEY) as SavedConversation;
    expect(saved.ids.map((id) => saved.byId[id]?.role)).toEqual(['user', 'assistant']);
  });

  it('clear() removes the saved conversation', async () => {
    const memory = memoryStorage();
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Draft.', 'Final.')));
    const client = clientOn(memory.storage, { fetch });
    await restored(client);
    await client.send('Hello');
    await macrotask();
    expect(memory.data.has(KEY)).toBe(true);
    client.clear();
    await macrotask();
    expect(memory.data.has(KEY)).toBe(false);
    expect((await restored(clientOn(memory.storage))).ids).toEqual([]);
  });

  it('keeps conversations under different keys apart', async () => {
    const memory = memoryStorage();
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Draft.', 'Final.')));
    const a = createCascadeClient({
      fetch,
      schedule: immediateScheduler,
      persist: { storage: memory.storage, key: 'a' },
    });
    await restored(a);
    await a.send('Only in a');
    await macrotask();
    const b = createCascadeClient({ persist: { storage: memory.storage, key: 'b' } });
    expect((await restored(b)).ids).toEqual([]);
    expect([...memory.data.keys()]).toEqual(['a']);
  });
});
