import { answerLane } from '@cascadekit/core';
import { EARLY_ACCEPT_MESSAGE } from '@cascadekit/core/internal';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { renderHook } from 'vitest-browser-react';
import { OPENING, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import { useCascadeChat } from './use-cascade-chat.js';

const FUNCTIONS = ['send', 'stop', 'retry', 'regenerate', 'edit', 'clear'] as const;

describe('useCascadeChat', () => {
  test('hands back functions that keep their identity across renders and option changes', async () => {
    const server = scriptedFetch();
    const { result, rerender } = await renderHook((props?: { chain: string }) =>
      useCascadeChat({ fetch: server.fetch, chain: props?.chain ?? 'a' }),
    );
    const first = { ...result.current };
    await rerender({ chain: 'b' });
    for (const name of FUNCTIONS) expect(result.current[name], name).toBe(first[name]);
    expect(result.current.client).toBe(first.client);

    // The changed chain is used by the next request without a new client.
    void result.current.send('Hi');
    const turn = await server.nextTurn();
    expect(turn.body.chain).toBe('b');
    turn.emit(...upgradeScript(['d'], ['f']));
  });

  test('send, edit and resend, regenerate and clear drive the conversation', async () => {
    const server = scriptedFetch();
    const { result } = await renderHook(() => useCascadeChat({ fetch: server.fetch }));
    const sent = result.current.send('First');
    (await server.nextTurn()).emit(...upgradeScript(['d1'], ['Answer one']));
    expect((await sent).answer.status).toBe('final');
    await vi.waitUntil(() => result.current.ids.length === 2 && !result.current.isRunning);

    const [userId] = result.current.ids as [string];
    const edited = result.current.edit(userId, 'First, edited');
    const editTurn = await server.nextTurn();
    expect(editTurn.body.messages).toEqual([{ role: 'user', content: 'First, edited' }]);
    editTurn.emit(...upgradeScript(['d2'], ['Answer two']));
    await edited;

    const again = result.current.regenerate();
    const regenTurn = await server.nextTurn();
    expect(regenTurn.body.messages).toEqual([{ role: 'user', content: 'First, edited' }]);
    regenTurn.emit(...upgradeScript(['d3'], ['Answer three']));
    await again;
    await vi.waitUntil(() => result.current.ids.length === 2);

    result.current.clear();
    await vi.waitUntil(() => result.current.ids.length === 0);
  });

  test("sending is a mutation in the app's QueryClient when there is one", async () => {
    const server = scriptedFetch();
    const queryClient = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = await renderHook(() => useCascadeChat({ fetch: server.fetch }), { wrapper });
    void result.current.send('Hello');
    const turn = await server.nextTurn();
    const mutations = queryClient.getMutationCache().findAll({ mutationKey: ['cascade', 'send'] });
    expect(mutations).toHaveLength(1);
    expect(mutations[0]?.state.variables).toBe('Hello');
    turn.emit(...upgradeScript(['d'], ['f']));
    await vi.waitUntil(() => mutations[0]?.state.status === 'success');
  });

  test('earlyAccept: true asks the server, whose cancelled final lane leaves the draft standing with its costs', async () => {
    const server = scriptedFetch();
    const { result } = await renderHook(() => useCascadeChat({ fetch: server.fetch, earlyAccept: true }));
    const sent = result.current.send('Quick one');
    const turn = await server.nextTurn();
    expect(turn.body.earlyAccept).toBe(true);
    turn.emit(
      ...OPENING,
      { type: 'delta', lane: 'draft', text: 'Good enough' },
      { type: 'lane-done', lane: 'draft', model: 'sim-fast', text: 'Good enough' },
      { type: 'lane-failed', lane: 'final', reason: 'aborted', message: EARLY_ACCEPT_MESSAGE },
      { type: 'settled', winner: 'draft', model: 'sim-fast', summary: { attempts: [], costUsd: 0.001, durationMs: 5 } },
      { type: 'done' },
    );
    const settled = await sent;
    expect(settled.answer.status).toBe('accepted');
    expect(answerLane(settled.answer)).toBe('draft');
    expect(settled.answer.error).toBeUndefined();
    expect(settled.answer.summary?.costUsd).toBe(0.001);
    expect(settled.answer.final.failure?.message).toBe(EARLY_ACCEPT_MESSAGE);
    // The server ended the final lane; the client did not have to hang up.
    expect(turn.cancelled).toBe(false);
  });

  test('earlyAccept with validators: the client accepts a passing draft and stops the turn', async () => {
    const server = scriptedFetch();
    const short = {
      name: 'short',
      validate: (t: string) => (t.length < 20 ? { ok: true as const } : { ok: false as const, message: 'Too long.' }),
    };
    const { result } = await renderHook(() => useCascadeChat({ fetch: server.fetch, earlyAccept: short }));
    const sent = result.current.send('Quick one');
    const turn = await server.nextTurn();
    expect(turn.body.earlyAccept).toBeUndefined();
    turn.emit(
      ...OPENING,
      { type: 'delta', lane: 'draft', text: 'Good enough' },
      { type: 'lane-done', lane: 'draft', model: 'sim-fast', text: 'Good enough' },
    );
    await sent;
    await vi.waitUntil(() => turn.cancelled);
    const id = result.current.ids[1] as string;
    await vi.waitUntil(() => {
      const m = result.current.store.getState().byId[id];
      return m?.role === 'assistant' && m.answer.status === 'accepted';
    });
    const message = result.current.store.getState().byId[id];
    if (message?.role !== 'assistant') throw new Error('expected an answer');
    expect(answerLane(message.answer)).toBe('draft');
    expect(message.answer.error).toBeUndefined();
    expect(message.answer.final.failure?.message).toBe(EARLY_ACCEPT_MESSAGE);
  });

  test('earlyAccept with a validator the draft fails keeps waiting for the final lane', async () => {
    const server = scriptedFetch();
    const mustBeJson = {
      name: 'json',
      validate: (t: string) => (t.startsWith('{') ? { ok: true as const } : { ok: false as const, message: 'no' }),
    };
    const { result } = await renderHook(() => useCascadeChat({ fetch: server.fetch, earlyAccept: mustBeJson }));
    const sent = result.current.send('Give JSON');
    const turn = await server.nextTurn();
    turn.emit(...upgradeScript(['not json'], ['{"ok":true}']));
    expect((await sent).answer.status).toBe('final');
    expect(turn.cancelled).toBe(false);
  });
});
