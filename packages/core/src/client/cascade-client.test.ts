import { describe, expect, it, vi } from 'vitest';
import { cascadeTurn, scriptedFetch, sseBytes, sseResponse, streamOf } from '../__fixtures__/sse.js';
import { answerText } from '../cascade/answer-view.js';
import type { CascadeEvent } from '../protocol/events.js';
import type { AssistantMessage, ConversationState } from '../store/conversation-store.js';
import { json, type Validator } from '../validate/validators.js';
import { createCascadeClient } from './cascade-client.js';
import { immediateScheduler } from './scheduler.js';

function messages(state: ConversationState) {
  return state.ids.map((id) => state.byId[id]!);
}

function lastAnswer(state: ConversationState) {
  return (messages(state).at(-1) as AssistantMessage).answer;
}

describe('createCascadeClient', () => {
  it('streams the draft, then swaps in the final answer', async () => {
    const { fetch, calls } = scriptedFetch(sseResponse(cascadeTurn('Fast draft.', 'Validated final.')));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const statuses: string[] = [];
    client.store.subscribe((s) => {
      const m = messages(s).at(-1);
      if (m?.role === 'assistant') statuses.push(`${m.answer.status}:${answerText(m.answer)}`);
    });
    const settled = await client.send('Hello?');
    expect(settled.answer.status).toBe('final');
    expect(answerText(settled.answer)).toBe('Validated final.');
    expect(statuses).toContain('drafting:Fast ');
    expect(statuses).toContain('refining:Fast draft.');
    expect(calls[0]).toEqual({ messages: [{ role: 'user', content: 'Hello?' }] });
    expect(client.store.getState().activeId).toBeNull();
  });

  it('applies its own validator: a final answer that fails it leaves the draft standing', async () => {
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('{"ok":true}', 'Sure! {"ok":true}')));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, validate: json() });
    const settled = await client.send('JSON please');
    expect(settled.answer.status).toBe('draft-only');
    expect(answerText(settled.answer)).toBe('{"ok":true}');
    expect(settled.answer.final.failure?.reason).toBe('validation');
  });

  it('keeps the user message and shows the server’s error text on HTTP errors', async () => {
    const { fetch } = scriptedFetch(
      new Response(JSON.stringify({ error: { message: 'messages must not be empty' } }), { status: 400 }),
      sseResponse(cascadeTurn('a', 'b')),
    );
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const failed = await client.send('Hi');
    expect(failed.answer.status).toBe('error');
    expect(failed.answer.error).toEqual({
      code: 'http',
      message: 'The server answered 400. messages must not be empty',
    });
    const state = client.store.getState();
    expect(messages(state).map((m) => m.role)).toEqual(['user', 'assistant']);
    // Retrying reuses the same answer slot and the same user message.
    const retried = await client.retry(failed.id);
    expect(retried.id).toBe(failed.id);
    expect(retried.answer.status).toBe('final');
    expect(client.store.getState().ids).toHaveLength(2);
  });

  it('reports an unreachable server as a network error and stays usable', async () => {
    const { fetch } = scriptedFetch(
      () => Promise.reject(new TypeError('fetch failed')),
      sseResponse(cascadeTurn('a', 'b')),
    );
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    expect((await client.send('one')).answer.error?.code).toBe('network');
    expect((await client.send('two')).answer.status).toBe('final');
  });

  it('marks a truncated stream incomplete and never sends its text back as history', async () => {
    const cut = cascadeTurn('Partial dr', 'x').slice(0, 4);
    const { fetch, calls } = scriptedFetch(
      new Response(streamOf([sseBytes(cut)])),
      sseResponse(cascadeTurn('a', 'Good answer.')),
      sseResponse(cascadeTurn('c', 'd')),
    );
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const first = await client.send('First');
    expect(first.answer.status).toBe('incomplete');
    expect(answerText(first.answer)).toBe('Partial ');
    await client.send('Second');
    await client.send('Third');
    expect(calls[2]?.messages).toEqual([
      { role: 'user', content: 'First' },
      { role: 'user', content: 'Second' },
      { role: 'assistant', content: 'Good answer.' },
      { role: 'user', content: 'Third' },
    ]);
  });

  it('stops a running turn, aborting the request, and accepts the next message', async () => {
    let aborted = false;
    const { fetch } = scriptedFetch(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(sseBytes(cascadeTurn('Slow draft', 'x').slice(0, 4)));
            },
            cancel() {
              aborted = true;
            },
          }),
        ),
      sseResponse(cascadeTurn('a', 'Next answer.')),
    );
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const running = client.send('Long question');
    await vi.waitFor(() => expect(lastAnswer(client.store.getState()).status).toBe('drafting'));
    await expect(client.send('too early')).rejects.toMatchObject({ code: 'invalid-argument' });
    client.stop();
    const stopped = await running;
    expect(stopped.answer.status).toBe('stopped');
    expect(answerText(stopped.answer)).toBe('Slow ');
    expect(aborted).toBe(true);
    expect((await client.send('Next')).answer.status).toBe('final');
    expect(messages(client.store.getState())).toHaveLength(4);
  });

  it('stop ends a turn whose validator is still judging, tells the validator, and keeps the complete draft', async () => {
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('Draft.', 'Final.')));
    let signal: AbortSignal | undefined;
    let judging = false;
    const slowJudge: Validator = {
      name: 'slow-judge',
      validate: (_text, context) => {
        signal = context?.signal;
        judging = true;
        return new Promise<never>(() => {}); // e.g. asking another model that never answers
      },
    };
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, validate: slowJudge });
    const running = client.send('Question');
    await vi.waitFor(() => expect(judging).toBe(true));
    client.stop();
    const stopped = await running;
    // The draft was complete: it stands, accepted by the user, instead of reading "stopped".
    expect(stopped.answer.status).toBe('accepted');
    expect(stopped.answer.acceptedBy).toBe('user');
    expect(answerText(stopped.answer)).toBe('Draft.');
    expect(signal?.aborted).toBe(true);
    expect(client.store.getState().activeId).toBeNull();
  });

  it('shows every token at once with the immediate scheduler', async () => {
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('one two three', 'final')));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const drafts: string[] = [];
    client.store.subscribe((s) => {
      const text = lastAnswer(s).draft.text;
      if (drafts.at(-1) !== text) drafts.push(text);
    });
    client.store.subscribe((s) => {
      // Every id in the list has its message: views never see a dangling id.
      for (const id of s.ids) expect(s.byId[id]).toBeDefined();
    });
    await client.send('q');
    expect(drafts.slice(0, 4)).toEqual(['', 'one ', 'one two ', 'one two three']);
  });

  it('batches token updates through the scheduler', async () => {
    const flushes: (() => void)[] = [];
    const { fetch } = scriptedFetch(sseResponse(cascadeTurn('one two three four five', 'final')));
    const client = createCascadeClient({
      fetch,
      schedule: (flush) => {
        flushes.push(flush);
        return () => {
          const i = flushes.indexOf(flush);
          if (i >= 0) flushes.splice(i, 1);
        };
      },
    });
    let updates = 0;
    client.store.subscribe(() => updates++);
    await client.send('q');
    // Far fewer store updates than events: deltas were coalesced, milestones committed at once.
    expect(updates).toBeLessThan(cascadeTurn('one two three four five', 'final').length);
    expect(lastAnswer(client.store.getState()).status).toBe('final');
  });

  it('edits a user message, drops what followed and answers again', async () => {
    const { fetch, calls } = scriptedFetch(
      sseResponse(cascadeTurn('a', 'First answer.')),
      sseResponse(cascadeTurn('b', 'Second answer.')),
      sseResponse(cascadeTurn('c', 'Edited answer.')),
    );
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    await client.send('Q1');
    await client.send('Q2');
    const [q1] = client.store.getState().ids;
    const answer = await client.edit(q1!, 'Q1 edited');
    expect(answerText(answer.answer)).toBe('Edited answer.');
    expect(calls[2]?.messages).toEqual([{ role: 'user', content: 'Q1 edited' }]);
    expect(messages(client.store.getState())).toHaveLength(2);
  });

  it('rejects empty messages with a clear error and sends nothing', async () => {
    const { fetch } = scriptedFetch();
    const client = createCascadeClient({ fetch });
    await expect(client.send('   ')).rejects.toThrow('send() needs a non-empty message text.');
    expect(client.store.getState().ids).toEqual([]);
  });

  it('seeds the conversation and includes it in the history', async () => {
    const { fetch, calls } = scriptedFetch(sseResponse(cascadeTurn('a', 'b')));
    const client = createCascadeClient({
      fetch,
      schedule: immediateScheduler,
      chain: 'support',
      initialMessages: [
        { role: 'user', content: 'Earlier' },
        { role: 'assistant', content: 'Earlier answer' },
      ],
    });
    await client.send('Now');
    expect(calls[0]).toEqual({
      chain: 'support',
      messages: [
        { role: 'user', content: 'Earlier' },
        { role: 'assistant', content: 'Earlier answer' },
        { role: 'user', content: 'Now' },
      ],
    });
  });

  it('asks the server to accept the draft early when told to', async () => {
    const { fetch, calls } = scriptedFetch(sseResponse(cascadeTurn('Draft.', '', { finalFails: true })));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler, earlyAccept: true });
    expect((await client.send('q')).answer.status).toBe('draft-only');
    expect(calls[0]).toEqual({ messages: [{ role: 'user', content: 'q' }], earlyAccept: true });
  });

  it('a delta without text is a protocol error naming it, never the text "undefined"', async () => {
    const opening = cascadeTurn('a', 'b').slice(0, 3);
    const raw = `${new TextDecoder().decode(sseBytes(opening))}data: {"type":"delta","lane":"draft"}\n\n`;
    const { fetch } = scriptedFetch(new Response(streamOf([new TextEncoder().encode(raw)])));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const { answer } = await client.send('q');
    expect(answer.status).toBe('error');
    expect(answer.error).toEqual({
      code: 'protocol',
      message: 'Malformed "delta" event: "text" must be a string, got undefined.',
    });
    expect(answer.draft.text).toBe('');
    expect(answerText(answer)).not.toContain('undefined');
  });

  it('an event for an unknown lane is a protocol error, not a network error', async () => {
    const events = cascadeTurn('a', 'b');
    const bad = [...events.slice(0, 3), { type: 'delta', lane: 'middle', text: 'x' } as unknown as CascadeEvent];
    const { fetch } = scriptedFetch(sseResponse([...bad, ...events.slice(3)]));
    const client = createCascadeClient({ fetch, schedule: immediateScheduler });
    const { answer } = await client.send('q');
    expect(answer.status).toBe('error');
    expect(answer.error?.code).toBe('protocol');
    expect(answer.error?.message).toBe('Malformed "delta" event: "lane" must be "draft" or "final", got "middle".');
  });

  it('calls onEvent for each event and onSettled once', async () => {
    const events = cascadeTurn('a', 'b');
    const { fetch } = scriptedFetch(sseResponse(events));
    const seen: CascadeEvent['type'][] = [];
    const onSettled = vi.fn();
    const client = createCascadeClient({ fetch, onEvent: (e) => seen.push(e.type), onSettled });
    await client.send('q');
    expect(seen).toEqual(events.map((e) => e.type));
    expect(onSettled).toHaveBeenCalledTimes(1);
  });
});
