import { describe, expect, it, vi } from 'vitest';
import { cascadeTurn, pushedResponse, scriptedFetch, sseResponse, turnInTwo } from '../__fixtures__/sse.js';
import { answerText } from '../cascade/answer-view.js';
import type { AssistantMessage, ConversationState } from '../store/conversation-store.js';
import { createCascadeClient, type WhileRefining } from './cascade-client.js';
import { NEXT_MESSAGE_ACCEPT_MESSAGE } from './early-accept.js';
import { immediateScheduler } from './scheduler.js';

const answerOf = (state: ConversationState, index: number) =>
  (state.byId[state.ids.filter((id) => state.byId[id]?.role === 'assistant')[index] as string] as AssistantMessage)
    .answer;

/** A first turn whose draft is complete while its final lane still works, and a second that answers at once. */
async function refiningThenSecond(whileRefining?: WhileRefining) {
  const first = pushedResponse();
  const [untilDraft, rest] = turnInTwo('Quick draft.', 'Improved final answer.');
  const { fetch, calls } = scriptedFetch(first.response, sseResponse(cascadeTurn('Second draft.', 'Second final.')));
  const client = createCascadeClient({
    fetch,
    schedule: immediateScheduler,
    ...(whileRefining ? { whileRefining } : {}),
  });
  const running = client.send('First question');
  first.push(untilDraft);
  await vi.waitFor(() => expect(answerOf(client.store.getState(), 0).status).toBe('refining'));
  return { client, first, rest, calls, running };
}

describe('whileRefining', () => {
  it('keep (default): the earlier answer refines in the background; the new turn is sent with the text shown', async () => {
    const { client, first, rest, calls, running } = await refiningThenSecond();
    expect(client.canSend()).toBe(true);
    const second = client.send('Second question');
    // The request of the second turn holds the draft the user read at send time.
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'Quick draft.' },
      { role: 'user', content: 'Second question' },
    ]);
    expect((await second).answer.status).toBe('final');
    // Both turns ran at once; the first is still refining, and still upgrades.
    expect(client.store.getState().running).toHaveLength(1);
    expect(answerOf(client.store.getState(), 0).status).toBe('refining');
    first.push(rest);
    first.end();
    const settled = await running;
    expect(settled.answer.status).toBe('final');
    expect(answerText(settled.answer)).toBe('Improved final answer.');
    expect(client.store.getState()).toMatchObject({ running: [], activeId: null });
  });

  it('keep: while the earlier answer has nothing readable yet, send rejects and canSend is false', async () => {
    const first = pushedResponse();
    const { fetch, calls } = scriptedFetch(first.response);
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const running = client.send('First');
    expect(client.canSend()).toBe(false); // pending
    first.push(turnInTwo('A draft still streaming', 'x')[0].slice(0, 4));
    await vi.waitFor(() => expect(answerOf(client.store.getState(), 0).status).toBe('drafting'));
    expect(client.canSend()).toBe(false);
    await expect(client.send('Too early')).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/nothing readable yet/),
    });
    expect(client.store.getState().ids).toHaveLength(2);
    expect(calls).toHaveLength(1);
    client.stop();
    expect((await running).answer.status).toBe('stopped');
  });

  it('accept-draft: sending accepts the earlier draft and cancels its refinement', async () => {
    const { client, first, calls, running } = await refiningThenSecond('accept-draft');
    const second = client.send('Second question');
    const earlier = await running;
    expect(earlier.answer).toMatchObject({ status: 'accepted', acceptedBy: 'user' });
    expect(earlier.answer.final.failure?.message).toBe(NEXT_MESSAGE_ACCEPT_MESSAGE);
    expect(answerText(earlier.answer)).toBe('Quick draft.');
    expect(first.cancelled).toBe(true);
    await second;
    expect(calls[1]?.messages[1]).toEqual({ role: 'assistant', content: 'Quick draft.' });
  });

  it('stop: sending stops the earlier turn, even before its draft is readable', async () => {
    const first = pushedResponse();
    const { fetch, calls } = scriptedFetch(first.response, sseResponse(cascadeTurn('B draft.', 'B final.')));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, whileRefining: 'stop' });
    const running = client.send('First');
    first.push(turnInTwo('Partial draft text', 'x')[0].slice(0, 4));
    await vi.waitFor(() => expect(answerOf(client.store.getState(), 0).status).toBe('drafting'));
    expect(client.canSend()).toBe(true);
    const second = client.send('Second');
    expect((await running).answer.status).toBe('stopped');
    expect(first.cancelled).toBe(true);
    expect((await second).answer.status).toBe('final');
    // A stopped, partial answer is never history.
    expect(calls[1]?.messages).toEqual([
      { role: 'user', content: 'First' },
      { role: 'user', content: 'Second' },
    ]);
  });

  it('stop: a complete earlier draft is kept as the user accepted it', async () => {
    const { client, first, running } = await refiningThenSecond('stop');
    const second = client.send('Second question');
    expect((await running).answer).toMatchObject({ status: 'accepted', acceptedBy: 'user' });
    expect(first.cancelled).toBe(true);
    await second;
  });

  it('stop(id) stops one answer and leaves the other running', async () => {
    const [a, b] = [pushedResponse(), pushedResponse()];
    const { fetch } = scriptedFetch(a.response, b.response);
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const [untilDraft, rest] = turnInTwo('Draft A.', 'Final A.');
    const first = client.send('A');
    a.push(untilDraft);
    await vi.waitFor(() => expect(client.canSend()).toBe(true));
    const second = client.send('B');
    b.push(turnInTwo('Draft B.', 'Final B.')[0]);
    await vi.waitFor(() => expect(client.store.getState().running).toHaveLength(2));
    const [firstId, secondId] = client.store.getState().running;
    expect(client.store.getState().activeId).toBe(secondId);
    client.stop(firstId);
    expect((await first).answer).toMatchObject({ status: 'accepted', acceptedBy: 'user' });
    expect(a.cancelled).toBe(true);
    expect(b.cancelled).toBe(false);
    expect(client.store.getState().running).toEqual([secondId]);
    b.push(rest.map((e) => (e.type === 'lane-done' && e.lane === 'final' ? { ...e, text: 'Final B.' } : e)));
    b.end();
    expect((await second).answer.status).toBe('final');
  });

  it('edit truncates: messages after the edited one go, and their running turns are aborted', async () => {
    const { client, first, running } = await refiningThenSecond();
    const [q1] = client.store.getState().ids;
    const edited = client.edit(q1 as string, 'First question, rephrased');
    expect((await running).answer.status).toBe('stopped');
    expect(first.cancelled).toBe(true);
    await edited;
    const texts = client.store
      .getState()
      .ids.map((id) => client.store.getState().byId[id])
      .map((m) => (m?.role === 'user' ? m.content : m?.answer.status));
    expect(texts).toEqual(['First question, rephrased', 'final']);
  });
});
