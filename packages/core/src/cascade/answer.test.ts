import { describe, expect, it } from 'vitest';
import { cascadeTurn } from '../__fixtures__/sse.js';
import type { CascadeEvent } from '../protocol/events.js';
import { type AnswerState, type ClientEvent, createAnswer, reduceAnswer } from './answer.js';
import { answerLane, answerText, isUpgraded } from './answer-view.js';

function run(events: (CascadeEvent | ClientEvent)[], start: AnswerState = createAnswer(0)) {
  const states: AnswerState[] = [];
  let state = start;
  events.forEach((event, i) => {
    state = reduceAnswer(state, event, i + 1);
    states.push(state);
  });
  return { state, states };
}

const accept: ClientEvent = { type: 'client-validation', lane: 'final', ok: true, validator: 'non-empty' };
const reject: ClientEvent = {
  type: 'client-validation',
  lane: 'final',
  ok: false,
  validator: 'json',
  message: 'The answer is not valid JSON.',
};

/** Inserts the client's verdict right after the final lane-done, as the client does. */
function withVerdict(events: CascadeEvent[], verdict: ClientEvent): (CascadeEvent | ClientEvent)[] {
  const i = events.findIndex((e) => e.type === 'lane-done' && e.lane === 'final');
  return i < 0 ? events : [...events.slice(0, i + 1), verdict, ...events.slice(i + 1)];
}

describe('answer state machine', () => {
  it('shows the draft while it streams, then swaps to the validated final answer', () => {
    const { state, states } = run(withVerdict(cascadeTurn('Quick answer.', 'Better, longer answer.'), accept));
    const firstDelta = states.find((s) => s.draft.text.length > 0)!;
    expect(firstDelta.status).toBe('drafting');
    expect(answerText(firstDelta)).toBe('Quick ');
    // While the final lane streams, the user still reads the draft.
    const finalStreaming = states.find((s) => s.final.text.length > 0)!;
    expect(finalStreaming.status).toBe('refining');
    expect(answerText(finalStreaming)).toBe('Quick answer.');
    expect(state.status).toBe('final');
    expect(isUpgraded(state)).toBe(true);
    expect(answerText(state)).toBe('Better, longer answer.');
    expect(state.final.model).toBe('large');
    expect(state.firstTokenAt).toBe(4);
    expect(state.settledAt).toBeDefined();
  });

  it('keeps the draft, marked draft-only, when the final lane fails', () => {
    const { state } = run(cascadeTurn('Quick answer.', '', { finalFails: true }));
    expect(state.status).toBe('draft-only');
    expect(answerText(state)).toBe('Quick answer.');
    expect(state.final.failure?.reason).toBe('http-status');
    expect(state.final.attempts[0]).toMatchObject({ outcome: 'failed', reason: 'http-status', next: 'give-up' });
  });

  it('keeps the draft when the final answer fails client validation', () => {
    const { state } = run(withVerdict(cascadeTurn('Quick answer.', 'not json'), reject));
    expect(state.status).toBe('draft-only');
    expect(answerText(state)).toBe('Quick answer.');
    expect(state.final.validation).toMatchObject({ ok: false, validator: 'json' });
    expect(isUpgraded(state)).toBe(false);
  });

  it('does not settle before the final answer has been validated', () => {
    const events = cascadeTurn('Quick.', 'Final.');
    const doneIndex = events.findIndex((e) => e.type === 'lane-done' && e.lane === 'final');
    const { state } = run(events.slice(0, doneIndex + 1));
    expect(state.status).toBe('refining');
    expect(answerText(state)).toBe('Quick.');
  });

  it('waits for the final lane when the draft fails, then shows it', () => {
    const events: CascadeEvent[] = [
      { type: 'turn-start', v: 1, turnId: 't', chain: 'c', lanes: ['draft', 'final'] },
      { type: 'attempt-start', lane: 'draft', attempt: 0, model: 'fast', provider: 'sim' },
      { type: 'lane-failed', lane: 'draft', reason: 'timeout-first-token', message: 'slow' },
    ];
    const { state } = run(events);
    expect(state.status).toBe('refining');
    expect(answerLane(state)).toBeNull();
    const { state: after } = run(
      [
        { type: 'attempt-start', lane: 'final', attempt: 0, model: 'large', provider: 'sim' },
        { type: 'delta', lane: 'final', text: 'Late but good.' },
        { type: 'lane-done', lane: 'final', model: 'large', text: 'Late but good.' },
        accept,
        { type: 'done' },
      ],
      state,
    );
    expect(after.status).toBe('final');
    expect(isUpgraded(after)).toBe(false);
    expect(answerText(after)).toBe('Late but good.');
  });

  it('never shows a failed lane’s partial text as the answer', () => {
    const { state, states } = run([
      { type: 'turn-start', v: 1, turnId: 't', chain: 'c', lanes: ['draft', 'final'] },
      { type: 'attempt-start', lane: 'draft', attempt: 0, model: 'fast', provider: 'sim' },
      { type: 'delta', lane: 'draft', text: 'Half a sen' },
      { type: 'lane-failed', lane: 'draft', reason: 'network', message: 'The connection broke.' },
      { type: 'lane-failed', lane: 'final', reason: 'http-status', message: 'The model is unavailable.' },
      { type: 'done' },
    ]);
    expect(states[3]?.status).toBe('refining');
    expect(answerText(states[3]!)).toBe('');
    expect(state.status).toBe('error');
    expect(answerText(state)).toBe('');
    expect(state.draft.text).toBe('Half a sen');
  });

  it('is an error when both lanes fail', () => {
    const { state } = run([
      { type: 'turn-start', v: 1, turnId: 't', chain: 'c', lanes: ['draft', 'final'] },
      { type: 'lane-failed', lane: 'draft', reason: 'network', message: 'down' },
      { type: 'lane-failed', lane: 'final', reason: 'network', message: 'down' },
      { type: 'done' },
    ]);
    expect(state.status).toBe('error');
  });

  it('discards a lane’s partial text on reset so two models never mix', () => {
    const { state } = run([
      { type: 'turn-start', v: 1, turnId: 't', chain: 'c', lanes: ['draft', 'final'] },
      { type: 'attempt-start', lane: 'draft', attempt: 0, model: 'a', provider: 'sim' },
      { type: 'delta', lane: 'draft', text: 'Half an ans' },
      { type: 'reset', lane: 'draft', reason: 'network' },
      { type: 'attempt-start', lane: 'draft', attempt: 1, model: 'b', provider: 'sim' },
      { type: 'delta', lane: 'draft', text: 'Whole answer.' },
    ]);
    expect(answerText(state)).toBe('Whole answer.');
    expect(state.draft.model).toBe('b');
  });

  it('streams a single-lane turn visibly and settles it as final', () => {
    const { states, state } = run([
      { type: 'turn-start', v: 1, turnId: 't', chain: 'plain', lanes: ['final'] },
      { type: 'attempt-start', lane: 'final', attempt: 0, model: 'm', provider: 'sim' },
      { type: 'delta', lane: 'final', text: 'Hello' },
      { type: 'lane-done', lane: 'final', model: 'm', text: 'Hello' },
      accept,
      { type: 'done' },
    ]);
    expect(states[2]?.status).toBe('streaming');
    expect(answerText(states[2]!)).toBe('Hello');
    expect(state.status).toBe('final');
  });

  it('marks a stopped or truncated answer and ignores events after it settled', () => {
    const start = run(cascadeTurn('Some draft', 'x').slice(0, 4)).state;
    const stopped = reduceAnswer(
      start,
      { type: 'client-end', outcome: 'stopped', code: 'aborted', message: 'Stopped.' },
      9,
    );
    expect(stopped.status).toBe('stopped');
    expect(answerText(stopped)).toBe('Some ');
    expect(reduceAnswer(stopped, { type: 'delta', lane: 'draft', text: 'more' }, 10)).toBe(stopped);
    const truncated = reduceAnswer(
      start,
      { type: 'client-end', outcome: 'incomplete', code: 'incomplete', message: 'Cut.' },
      9,
    );
    expect(truncated.status).toBe('incomplete');
    expect(truncated.error?.code).toBe('incomplete');
  });

  it('keeps a complete draft when the server reports an error during refinement', () => {
    const draftDone = run(cascadeTurn('Complete draft.', 'x').slice(0, 6)).state;
    expect(draftDone.status).toBe('refining');
    const errored = reduceAnswer(draftDone, { type: 'error', code: 'internal', message: 'Something failed.' }, 9);
    expect(errored.status).toBe('draft-only');
    expect(errored.error?.message).toBe('Something failed.');
  });

  it('treats done with a lane still open as that lane failing', () => {
    const events = cascadeTurn('Draft.', 'x').slice(0, 5);
    const { state } = run([...events, { type: 'done' }]);
    expect(state.status).toBe('draft-only');
    expect(state.final.failure?.reason).toBe('incomplete');
  });

  it('records breaker states and the turn summary', () => {
    const { state } = run([
      { type: 'breaker', model: 'large', state: 'open' },
      { type: 'settled', winner: null, summary: { attempts: [], costUsd: 0.5, durationMs: 3 } },
    ]);
    expect(state.breakers).toEqual({ large: 'open' });
    expect(state.summary?.costUsd).toBe(0.5);
  });

  it('an accepted draft is a success of its own: accepted, the final lane cancelled, later events ignored', () => {
    const events = cascadeTurn('Good draft.', 'Longer final answer.');
    const draftDone = events.findIndex((e) => e.type === 'lane-done' && e.lane === 'draft');
    const { state: refining } = run(events.slice(0, draftDone + 2)); // the final lane has streamed a token
    expect(refining.status).toBe('refining');
    const accept: ClientEvent = { type: 'client-accept', message: 'The draft passed validation.', by: 'validation' };
    const accepted = reduceAnswer(refining, accept, 50);
    expect(accepted.status).toBe('accepted');
    expect(accepted.settledAt).toBe(50);
    expect(answerLane(accepted)).toBe('draft');
    expect(answerText(accepted)).toBe('Good draft.');
    expect(isUpgraded(accepted)).toBe(false);
    expect(accepted.error).toBeUndefined();
    expect(accepted.final.failure).toEqual({ reason: 'aborted', message: 'The draft passed validation.' });
    expect(accepted.final.attempts.map((a) => [a.outcome, a.reason])).toEqual([['failed', 'aborted']]);
    // Late events of the cancelled lane change nothing; the cost summary still arrives.
    const { state } = run(withVerdict(events.slice(draftDone + 2), accept), accepted);
    expect(state.status).toBe('accepted');
    expect(answerText(state)).toBe('Good draft.');
    expect(state.summary).toBeDefined();
  });

  it('accepts only a complete draft, and never after the final answer won', () => {
    const events = cascadeTurn('Draft text', 'Final.');
    const accept: ClientEvent = { type: 'client-accept', message: 'accepted', by: 'validation' };
    const drafting = run(events.slice(0, 4)).state;
    expect(reduceAnswer(drafting, accept, 9).status).toBe('drafting');
    const final = run(
      withVerdict(events, { type: 'client-validation', lane: 'final', ok: true, validator: 'x' }),
    ).state;
    expect(reduceAnswer(final, accept, 99)).toBe(final);
  });

  it('answerLane with reveal "stream": the final lane takes over once it overtakes the draft, until rejected', () => {
    const base = run(cascadeTurn('Two words', 'x').slice(0, 6)).state; // draft done, final attempt running
    expect(base.status).toBe('refining');
    const short = reduceAnswer(base, { type: 'delta', lane: 'final', text: 'Short' }, 7);
    expect(answerLane(short, 'stream')).toBe('draft');
    const longer = reduceAnswer(short, { type: 'delta', lane: 'final', text: ' and longer' }, 8);
    expect(answerLane(longer, 'stream')).toBe('final');
    expect(answerText(longer, 'stream')).toBe('Short and longer');
    expect(answerLane(longer)).toBe('draft');
    const rejected = reduceAnswer(longer, reject, 9);
    expect(rejected.status).toBe('draft-only');
    expect(answerLane(rejected, 'stream')).toBe('draft');
  });

  it('records a lane cancelled after the answer settled (superseded) in its trace, status and text unchanged', () => {
    const events = cascadeTurn('A long draft that is still streaming', 'Final.');
    const draftDone = events.findIndex((e) => e.type === 'lane-done' && e.lane === 'draft');
    // The final lane wins while the draft still streams.
    const early = events.slice(0, 4);
    const finalPart = events.slice(draftDone + 1).filter((e) => e.type !== 'settled' && e.type !== 'done');
    const { state: final } = run(withVerdict([...early, ...finalPart], accept));
    expect(final.status).toBe('final');
    expect(final.draft.status).toBe('streaming');
    const late = reduceAnswer(
      final,
      { type: 'lane-failed', lane: 'draft', reason: 'superseded', message: 'The answer settled without it.' },
      99,
    );
    expect(late.status).toBe('final');
    expect(answerText(late)).toBe('Final.');
    expect(late.settledAt).toBe(final.settledAt);
    expect(late.draft.status).toBe('failed');
    expect(late.draft.failure?.reason).toBe('superseded');
    expect(late.draft.attempts[0]).toMatchObject({ outcome: 'failed', reason: 'superseded', endedAt: 99 });
    // Deltas after the answer settled never change its text.
    expect(reduceAnswer(late, { type: 'delta', lane: 'final', text: 'more' }, 100)).toBe(late);
  });

  it('times each attempt: start, first token and end, on the client clock', () => {
    const { state } = run(withVerdict(cascadeTurn('Quick answer.', 'Final answer.'), accept));
    const [draft] = state.draft.attempts;
    const [final] = state.final.attempts;
    expect(draft).toMatchObject({ startedAt: 2, firstTokenAt: 4 });
    expect(draft?.endedAt).toBeGreaterThan(draft?.firstTokenAt ?? 0);
    expect(final?.startedAt).toBe(3);
    expect(final?.firstTokenAt).toBeGreaterThan(draft?.endedAt ?? 0);
    expect(final?.endedAt).toBeGreaterThan(final?.firstTokenAt ?? 0);
  });

  it('stop ends running attempts, so no trace shows one running forever; the partial text stays', () => {
    const { state } = run([
      ...cascadeTurn('Partial draft text', 'x').slice(0, 4),
      { type: 'client-end', outcome: 'stopped', code: 'aborted', message: 'Stopped.' },
    ]);
    expect(state.status).toBe('stopped');
    expect(answerText(state)).toBe('Partial ');
    expect([...state.draft.attempts, ...state.final.attempts].map((a) => [a.outcome, a.reason])).toEqual([
      ['failed', 'aborted'],
      ['failed', 'aborted'],
    ]);
  });
});
