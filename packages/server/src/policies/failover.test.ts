import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { laneText, memoryLogger, ofType, recording, sim, turn } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';
import { simulator } from '../simulator.js';
import { handoverMode, planHandover } from './failover.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const ANSWER = 'The quick brown fox jumps over the lazy dog.';

function chain(failover: 'restart' | 'continue') {
  const next = recording(simulator({ model: 'next', text: ANSWER, headersMs: 0, ttftMs: 1, jitter: 0 }));
  const handler = createCascadeHandler({
    chains: {
      c: {
        final: [
          sim('breaks', { text: ANSWER, failure: { kind: 'network', afterTokens: 4 } }),
          { provider: next.provider, model: 'next', retry: false, breaker: false },
        ],
        failover,
      },
    },
    logger: memoryLogger(),
  });
  return { handler, calls: next.calls };
}

describe('failover in mid-stream', () => {
  it('restart (default): the lane emits reset and the next model starts fresh', async () => {
    const { handler, calls } = chain('restart');
    const all = await turn(handler);
    const reset = ofType(all, 'reset')[0];
    expect(reset).toEqual({ type: 'reset', lane: 'final', reason: 'network' });
    expect(calls[0]?.request.continueFrom).toBeUndefined();
    expect(laneText(all, 'final')).toBe(ANSWER);
    expect(ofType(all, 'lane-done')[0]?.text).toBe(ANSWER);
  });

  it('continue: no reset, the next model continues from the partial text and the client text is seamless', async () => {
    const { handler, calls } = chain('continue');
    const all = await turn(handler);
    expect(ofType(all, 'reset')).toHaveLength(0);
    expect(calls[0]?.request.continueFrom).toBe('The quick brown fox');
    expect(laneText(all, 'final')).toBe(ANSWER);
    expect(ofType(all, 'lane-done')[0]).toMatchObject({ text: ANSWER, model: 'next' });
  });

  it('continue never continues from output that a validator rejected', () => {
    expect(planHandover('continue', 'bad {json', true)).toEqual({ reset: true });
    expect(planHandover('continue', '', false)).toEqual({ reset: false });
    expect(planHandover('continue', 'half', false)).toEqual({ reset: false });
    expect(planHandover('restart', 'half', false)).toEqual({ reset: true });
  });

  it('continues by prefill where the next model takes one, else by restart and splice', () => {
    expect(handoverMode('', true)).toBe('fresh');
    expect(handoverMode('', false)).toBe('fresh');
    expect(handoverMode('half', true)).toBe('prefill');
    expect(handoverMode('half', false)).toBe('splice');
  });
});

describe('context notes for the next model', () => {
  it("hands the validator's message to the next model so it can repair the format", async () => {
    const next = recording(simulator({ model: 'fixer', text: '{"ok":true}', headersMs: 0, ttftMs: 1 }));
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            { ...sim('prose', { text: 'Sure! Here it is.' }), validators: [{ type: 'json' }] },
            { provider: next.provider, model: 'fixer', validators: [{ type: 'json' }], retry: false },
          ],
        },
      },
      logger: memoryLogger(),
    });
    const all = await turn(handler);
    const messages = next.calls[0]?.request.messages ?? [];
    expect(messages.slice(0, -1)).toEqual([{ role: 'user', content: 'What is a cascade?' }]);
    expect(messages.at(-1)?.role).toBe('system');
    expect(messages.at(-1)?.content).toMatch(/rejected by a validator: The answer is not valid JSON/);
    expect(ofType(all, 'settled')[0]?.model).toBe('fixer');
  });

  it('can be turned off', async () => {
    const next = recording(simulator({ model: 'fixer', text: '{}', headersMs: 0, ttftMs: 1 }));
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            { ...sim('prose'), validators: [{ type: 'json' }] },
            { provider: next.provider, model: 'fixer', retry: false },
          ],
          contextNotes: false,
        },
      },
      logger: memoryLogger(),
    });
    await turn(handler);
    expect(next.calls[0]?.request.messages).toEqual([{ role: 'user', content: 'What is a cascade?' }]);
  });
});
