import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClientEvent, createAnswer, reduceAnswer } from '../cascade/answer.js';
import type { CascadeEvent, Lane } from '../protocol/events.js';
import { createCascadeStore } from '../store/conversation-store.js';
import { answerCommits } from './answer-commits.js';
import type { Scheduler } from './scheduler.js';

const laneArb = fc.constantFrom<Lane>('draft', 'final');
const attempt = { attempt: 0, model: 'm', provider: 'p' };
const eventArb: fc.Arbitrary<CascadeEvent | ClientEvent> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ type: fc.constant('delta' as const), lane: laneArb, text: fc.string({ maxLength: 3 }) }),
  },
  laneArb.map((lane) => ({ type: 'attempt-start' as const, lane, ...attempt })),
  laneArb.map((lane) => ({ type: 'reset' as const, lane, reason: 'timeout-idle' as const })),
  laneArb.map((lane) => ({ type: 'lane-done' as const, lane, model: 'm', text: `${lane} done` })),
  laneArb.map((lane) => ({ type: 'lane-failed' as const, lane, reason: 'http-status' as const, message: 'no' })),
  fc.boolean().map((ok) => ({ type: 'client-validation' as const, lane: 'final' as const, ok, validator: 'v' })),
  fc.constant({ type: 'client-accept' as const, message: 'ok', by: 'user' as const }),
  fc.constant({ type: 'done' as const }),
);
/** What happens between two events: nothing, the answer is read, or the frame's flush runs. */
const stepArb = fc.record({ event: eventArb, after: fc.constantFrom('none', 'none', 'read', 'frame') });

describe('answerCommits', () => {
  it('holds and commits exactly what reducing every event one by one gives, however tokens are batched', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const store = createCascadeStore();
        const initial = createAnswer(0);
        store.setState({ ids: ['a'], byId: { a: { id: 'a', role: 'assistant', answer: initial } } });
        let frame: (() => void) | null = null;
        const schedule: Scheduler = (flush) => {
          frame = flush;
          return () => {
            frame = null;
          };
        };
        let clock = 0;
        const commits = answerCommits(store, 'a', initial, schedule, () => clock);
        let expected = initial;
        const stored = () => {
          const message = store.getState().byId.a;
          return message?.role === 'assistant' ? message.answer : undefined;
        };
        let lastCommitted = initial;
        for (const { event, after } of steps) {
          clock += 10;
          expected = reduceAnswer(expected, event, clock);
          commits.apply(event);
          if (event.type !== 'delta') {
            // Anything but a token commits at once.
            expect(stored()).toEqual(expected);
            lastCommitted = expected;
          } else if (after !== 'frame') {
            // A token waits for the frame: the store still shows the last commit.
            expect(stored()).toEqual(lastCommitted);
          }
          if (after === 'read') expect(commits.state).toEqual(expected);
          if (after === 'frame' && frame) {
            const run: () => void = frame;
            frame = null;
            run();
            expect(stored()).toEqual(expected);
            lastCommitted = expected;
          }
        }
        commits.flush();
        expect(stored()).toEqual(expected);
        expect(commits.state).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
