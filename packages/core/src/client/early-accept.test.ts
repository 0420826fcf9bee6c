import { describe, expect, it, vi } from 'vitest';
import { cascadeTurn, openResponse, scriptedFetch, sseResponse } from '../__fixtures__/sse.js';
import { answerText } from '../cascade/answer-view.js';
import type { CascadeEvent } from '../protocol/events.js';
import type { AssistantMessage } from '../store/conversation-store.js';
import type { Validator } from '../validate/validators.js';
import { createCascadeClient } from './cascade-client.js';
import { EARLY_ACCEPT_MESSAGE, STOP_ACCEPT_MESSAGE } from './early-accept.js';
import { immediateScheduler } from './scheduler.js';

const SERVER_MESSAGE = 'The draft passed validation, so the refinement was cancelled.';

/** What a server sends for `earlyAccept: true`: the draft completes, the final lane is cancelled. */
function serverAccepts(draft: string): CascadeEvent[] {
  const events = cascadeTurn(draft, '', { finalFails: true }).filter((e) => e.type !== 'attempt-failed');
  return events.map((e) =>
    e.type === 'lane-failed' ? { ...e, reason: 'aborted', message: SERVER_MESSAGE } : e,
  ) as CascadeEvent[];
}

/** The events up to and including the draft's lane-done: the final lane is still running. */
function untilDraftDone(draft: string): CascadeEvent[] {
  const events = cascadeTurn(draft, 'A final answer that never comes.');
  return events.slice(0, events.findIndex((e) => e.type === 'lane-done' && e.lane === 'draft') + 1);
}

const short: Validator = {
  name: 'short',
  validate: (text) => (text.length < 20 ? { ok: true } : { ok: false, message: 'Too long.' }),
};

describe('earlyAccept', () => {
  it('true: the draft the server accepted settles as accepted, a success with its costs, and stands as history', async () => {
    const { fetch, calls } = scriptedFetch(
      sseResponse(serverAccepts('Good draft.')),
      sseResponse(cascadeTurn('a', 'b')),
    );
    const settled: AssistantMessage[] = [];
    const client = createCascadeClient({
      fetch,
      schedule: immediateScheduler,
      earlyAccept: true,
      onSettled: (m) => settled.push(m),
    });
    const { answer } = await client.send('Quick one');
    expect(calls[0]?.earlyAccept).toBe(true);
    expect(answer.status).toBe('accepted');
    expect(answerText(answer)).toBe('Good draft.');
    expect(answer.error).toBeUndefined();
    expect(answer.summary).toBeDefined();
    expect(answer.final.failure).toEqual({ reason: 'aborted', message: SERVER_MESSAGE });
    expect(settled.map((m) => m.answer.status)).toEqual(['accepted']);
    await client.send('Next');
    expect(calls[1]?.messages).toEqual([
      { role: 'user', content: 'Quick one' },
      { role: 'assistant', content: 'Good draft.' },
      { role: 'user', content: 'Next' },
    ]);
  });

  it('without the flag, a cancelled final lane leaves the draft as draft-only, not accepted', async () => {
    const { fetch } = scriptedFetch(sseResponse(serverAccepts('Good draft.')));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    expect((await client.send('q')).answer.status).toBe('draft-only');
  });

  it('validators: a passing draft is accepted by the client, which stops the request; never "stopped"', async () => {
    const open = openResponse(untilDraftDone('Good enough'));
    const { fetch, calls } = scriptedFetch(open.response);
    const statuses: string[] = [];
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, earlyAccept: short });
    client.store.subscribe((s) => {
      const id = s.ids[1];
      const m = id === undefined ? undefined : s.byId[id];
      if (m?.role === 'assistant' && statuses.at(-1) !== m.answer.status) statuses.push(m.answer.status);
    });
    const { answer } = await client.send('Quick one');
    expect(calls[0]?.earlyAccept).toBeUndefined();
    expect(answer.status).toBe('accepted');
    expect(answerText(answer)).toBe('Good enough');
    expect(answer.error).toBeUndefined();
    expect(answer.final.failure).toEqual({ reason: 'aborted', message: EARLY_ACCEPT_MESSAGE });
    expect(answer.final.attempts.map((a) => a.outcome)).toEqual(['failed']);
    expect(open.cancelled).toBe(true);
    expect(statuses).not.toContain('stopped');
    expect(statuses.at(-1)).toBe('accepted');
    expect(client.store.getState().activeId).toBeNull();
  });

  it('validators: a draft that fails them leaves the final lane to finish', async () => {
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('A draft far too long to accept early.', 'Final.')));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, earlyAccept: [short] });
    const { answer } = await client.send('q');
    expect(answer.status).toBe('final');
    expect(answerText(answer)).toBe('Final.');
  });

  it("validators: stop while the draft is judged keeps it as the user's accept and abandons the verdict", async () => {
    const open = openResponse(untilDraftDone('Good enough'));
    const { fetch } = scriptedFetch(open.response);
    let pass: (() => void) | undefined;
    let signal: AbortSignal | undefined;
    const slow: Validator = {
      name: 'slow',
      validate: (_text, context) => {
        signal = context?.signal;
        return new Promise((resolve) => {
          pass = () => resolve({ ok: true });
        });
      },
    };
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, earlyAccept: slow });
    const running = client.send('q');
    await vi.waitFor(() => expect(pass).toBeDefined());
    client.stop();
    const { answer } = await running;
    expect(answer).toMatchObject({ status: 'accepted', acceptedBy: 'user' });
    expect(answer.final.failure?.message).toBe(STOP_ACCEPT_MESSAGE);
    expect(signal?.aborted).toBe(true);
    pass?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [, id] = client.store.getState().ids;
    const message = client.store.getState().byId[id as string];
    // The abandoned verdict changes nothing: still the user's accept, not the validators'.
    expect(message?.role === 'assistant' && message.answer.acceptedBy).toBe('user');
  });

  it('validators: a draft accepted too late, after the final answer won, changes nothing', async () => {
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Good', 'Final.')));
    let pass: (() => void) | undefined;
    const slow: Validator = {
      name: 'slow',
      validate: () =>
        new Promise((resolve) => {
          pass = () => resolve({ ok: true });
        }),
    };
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, earlyAccept: slow });
    const { answer } = await client.send('q');
    expect(answer.status).toBe('final');
    pass?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [, id] = client.store.getState().ids;
    const message = client.store.getState().byId[id as string];
    expect(message?.role === 'assistant' && message.answer.status).toBe('final');
  });
});
