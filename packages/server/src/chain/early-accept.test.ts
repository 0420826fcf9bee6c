import { describe, expect, it } from 'vitest';
import { ask, events, laneText, memoryLogger, ofType, post, sim } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';

// The final model takes long enough to be still running when the draft is done.
const handler = () =>
  createCascadeHandler({
    chains: {
      support: {
        draft: [sim('sim-fast', { text: 'Quick draft.' })],
        final: [
          {
            ...sim('sim-large', { text: 'A considered final answer.', ttftMs: 200 }),
            price: { inputPerMTok: 5, outputPerMTok: 15 },
          },
        ],
      },
    },
    logger: memoryLogger(),
  });

describe('earlyAccept', () => {
  it('cancels the final lane once the draft is done, and the draft wins with a summary', async () => {
    const all = await events(await handler()(post({ ...ask(), earlyAccept: true })));
    expect(laneText(all, 'draft')).toBe('Quick draft.');
    expect(laneText(all, 'final')).toBe('');
    expect(ofType(all, 'lane-failed')).toEqual([
      {
        type: 'lane-failed',
        lane: 'final',
        reason: 'superseded',
        message: 'The draft passed validation, so the refinement was cancelled.',
      },
    ]);
    const settled = ofType(all, 'settled')[0];
    expect(settled).toMatchObject({ winner: 'draft', model: 'sim-fast' });
    expect(settled?.summary.attempts.map((a) => [a.lane, a.outcome])).toEqual(
      expect.arrayContaining([
        ['draft', 'ok'],
        ['final', 'failed'],
      ]),
    );
    expect(all.at(-1)).toEqual({ type: 'done' });
  });

  it('leaves the final lane alone without the flag', async () => {
    const all = await events(await handler()(post(ask())));
    expect(laneText(all, 'final')).toBe('A considered final answer.');
    expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'final' });
  });

  it('rejects a non-boolean earlyAccept with a 400 naming the field', async () => {
    const response = await handler()(post({ ...ask(), earlyAccept: 'yes' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_request', message: 'earlyAccept must be a boolean', field: 'earlyAccept' },
    });
  });
});
