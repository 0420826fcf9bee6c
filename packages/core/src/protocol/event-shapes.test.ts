import { describe, expect, it } from 'vitest';
import { cascadeTurn, sseBytes, streamOf } from '../__fixtures__/sse.js';
import { decodeEventStream } from './decode.js';
import { eventProblem } from './event-shapes.js';
import type { AttemptReport, CascadeEvent } from './events.js';

const report: AttemptReport = { lane: 'final', attempt: 0, model: 'large', outcome: 'ok', durationMs: 5 };
const summary = { attempts: [report], costUsd: 0.01, durationMs: 9 };

/** Decodes raw event objects (as a server might send them) and returns what the decoder threw. */
async function decodeError(events: object[]): Promise<unknown> {
  const text = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');
  try {
    for await (const _ of decodeEventStream(streamOf([new TextEncoder().encode(text)]))) {
      // drain
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('event shapes', () => {
  it('accepts every event of a whole turn', () => {
    const events: CascadeEvent[] = [
      ...cascadeTurn('draft', 'final'),
      ...cascadeTurn('draft', '', { finalFails: true }),
      { type: 'validation', lane: 'final', model: 'large', ok: false, validator: 'json', message: 'no' },
      { type: 'breaker', model: 'large', state: 'half-open' },
      { type: 'reset', lane: 'draft', reason: 'network' },
      { type: 'lane-done', lane: 'final', model: 'large', text: 'x', report },
      { type: 'settled', winner: null, summary },
      { type: 'error', code: 'internal', message: 'Something failed.' },
    ];
    for (const event of events) expect(eventProblem(event as never), event.type).toBeUndefined();
  });

  it.each([
    [{ type: 'delta', lane: 'draft' }, 'Malformed "delta" event: "text" must be a string, got undefined.'],
    [{ type: 'delta', lane: 'middle', text: 'x' }, '"delta" event: "lane" must be "draft" or "final", got "middle"'],
    [{ type: 'settled', winner: 'both', summary }, '"settled" event: "winner" must be "draft", "final" or null'],
    [{ type: 'settled', winner: 'final' }, '"settled" event: "summary" must be an object, got undefined'],
    [{ type: 'settled', winner: 'final', summary: { ...summary, costUsd: '1' } }, '"summary.costUsd" must be a number'],
    [{ type: 'settled', winner: 'final', summary: { ...summary, attempts: [{}] } }, '"summary.attempts[0].lane"'],
    [{ type: 'turn-start', v: 2, turnId: 't', chain: 'c', lanes: ['final'] }, '"v" must be 1'],
    [{ type: 'turn-start', v: 1, turnId: 't', chain: 'c', lanes: ['draft', 'x'] }, '"lanes[1]" must be'],
    [{ type: 'attempt-start', lane: 'final', attempt: -1, model: 'm', provider: 'p' }, '"attempt" must be a whole'],
    [
      {
        type: 'attempt-failed',
        lane: 'final',
        attempt: 0,
        model: 'm',
        reason: 'network',
        message: 'x',
        next: 'retry',
        report: { ...report, costUsd: 'free' },
      },
      '"attempt-failed" event: "report.costUsd" must be a number, got "free"',
    ],
    [{ type: 'lane-done', lane: 'final', model: 'm', text: 'x', finishReason: 3 }, '"finishReason" must be a string'],
    [{ type: 'lane-failed', lane: 'final', reason: 'aborted' }, '"lane-failed" event: "message" must be a string'],
    [{ type: 'error', code: 'internal', message: null }, '"error" event: "message" must be a string, got null'],
  ])('names the event and the field of %j', (event, expected) => {
    expect(eventProblem(event as never)).toContain(expected);
  });

  it('allows extra fields, and a finishReason on lane-done', () => {
    expect(eventProblem({ type: 'delta', lane: 'final', text: 'x', futureField: { a: 1 } } as never)).toBeUndefined();
    expect(
      eventProblem({ type: 'lane-done', lane: 'final', model: 'm', text: 'x', finishReason: 'stop' } as never),
    ).toBeUndefined();
  });

  it('the decoder throws a protocol error for a malformed event, and still skips unknown types', async () => {
    const opening = cascadeTurn('a', 'b').slice(0, 2);
    const error = await decodeError([...opening, { type: 'delta', lane: 'draft', text: 7 }, { type: 'done' }]);
    expect(error).toMatchObject({ code: 'protocol', message: expect.stringContaining('"delta" event: "text"') });
    expect(await decodeError([...opening, { type: 'future-thing', lane: 'nowhere' }, { type: 'done' }])).toBe(
      undefined,
    );
  });

  it('events before the malformed one are delivered', async () => {
    const opening = cascadeTurn('a', 'b').slice(0, 2);
    const seen: string[] = [];
    const text = `${new TextDecoder().decode(sseBytes(opening))}data: {"type":"reset","lane":"final"}\n\n`;
    await expect(
      (async () => {
        for await (const event of decodeEventStream(streamOf([new TextEncoder().encode(text)]))) seen.push(event.type);
      })(),
    ).rejects.toMatchObject({
      code: 'protocol',
      message: 'Malformed "reset" event: "reason" must be a string, got undefined.',
    });
    expect(seen).toEqual(['turn-start', 'attempt-start']);
  });
});
