import { describe, expect, it } from 'vitest';
import { SpliceGate, type SpliceStep } from './splice.js';

/** Feeds `pieces` to a gate over `shown`, then ends it; every step in order. */
function run(shown: string, pieces: string[]): SpliceStep[] {
  const gate = new SpliceGate(shown);
  return [...pieces.map((piece) => gate.push(piece)), gate.end()];
}

describe('restart and splice: a restarted answer joins the text shown only when it begins with it', () => {
  it('holds the answer until it has passed the text shown, then streams only what is new', () => {
    expect(run('The quick', ['The', ' qu', 'ick br', 'own'])).toEqual([
      { kind: 'hold' },
      { kind: 'hold' },
      { kind: 'pass', text: ' br' },
      { kind: 'pass', text: 'own' },
      { kind: 'pass', text: '' },
    ]);
  });

  it('splices whatever the pieces, multibyte text split anywhere included', () => {
    const answer = 'Grüß dich 👋, wie geht’s?';
    for (let cut = 1; cut < answer.length; cut++) {
      const shown = answer.slice(0, cut);
      for (const size of [1, 2, 3, 7]) {
        const pieces = answer.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
        const steps = run(shown, pieces);
        const streamed = steps.map((step) => (step.kind === 'pass' ? step.text : '')).join('');
        expect(steps.some((step) => step.kind === 'diverged')).toBe(false);
        expect(shown + streamed).toBe(answer);
      }
    }
  });

  it('diverges at the first piece that differs, with all the restarted answer said', () => {
    expect(run('The quick', ['The', ' slow', ' fox'])).toEqual([
      { kind: 'hold' },
      { kind: 'diverged', text: 'The slow' },
      { kind: 'diverged', text: 'The slow fox' },
      { kind: 'diverged', text: 'The slow fox' },
    ]);
  });

  it('diverges when the answer ends before it reached the text shown, and passes when it ends exactly there', () => {
    expect(run('The quick', ['The q']).at(-1)).toEqual({ kind: 'diverged', text: 'The q' });
    expect(run('The quick', ['The ', 'quick'])).toEqual([
      { kind: 'hold' },
      { kind: 'pass', text: '' },
      { kind: 'pass', text: '' },
    ]);
  });
});
