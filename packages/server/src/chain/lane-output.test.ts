import type { CascadeEvent } from '@cascadekit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../clock.js';
import { LaneOutput } from './lane-output.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function output(holdBack?: { tokens?: number; ms?: number }) {
  const events: CascadeEvent[] = [];
  const out = new LaneOutput('final', (event) => events.push(event), systemClock, holdBack);
  /** What the client holds: deltas, cleared by resets. */
  const client = () =>
    events.reduce((text, e) => (e.type === 'reset' ? '' : e.type === 'delta' ? text + e.text : text), '');
  return { out, events, client };
}

describe("a lane's output", () => {
  it('continues by prefill: the attempt’s text follows the text shown, and the whole is judged', () => {
    const { out, client } = output();
    out.begin('fresh');
    out.push('The quick ');
    out.abandon(); // a cut
    out.begin('prefill', 'network');
    out.push('brown fox.');
    expect(out.complete()).toBe('The quick brown fox.');
    expect(client()).toBe('The quick brown fox.');
  });

  it('splices a restarted answer that begins with the text shown, without a reset', () => {
    const { out, events, client } = output();
    out.begin('fresh');
    out.push('The quick ');
    out.abandon();
    out.begin('splice', 'timeout-idle');
    out.push('The qu');
    expect(client()).toBe('The quick ');
    out.push('ick brown fox.');
    expect(out.complete()).toBe('The quick brown fox.');
    expect(client()).toBe('The quick brown fox.');
    expect(events.some((e) => e.type === 'reset')).toBe(false);
  });

  it('resets, naming the failure it took over from, when the restarted answer diverges', () => {
    const { out, events, client } = output();
    out.begin('fresh');
    out.push('The quick ');
    out.abandon();
    out.begin('splice', 'incomplete');
    out.push('A slow');
    expect(events.filter((e) => e.type === 'reset')).toEqual([{ type: 'reset', lane: 'final', reason: 'incomplete' }]);
    out.push(' turtle.');
    expect(out.complete()).toBe('A slow turtle.');
    expect(client()).toBe('A slow turtle.');
  });

  it('holds back the first tokens: a failure inside the window shows nothing and needs no reset', () => {
    const { out, events } = output({ tokens: 3 });
    out.begin('fresh');
    out.push('The ');
    out.push('quick ');
    out.abandon();
    expect(events).toEqual([]);
    expect(out.shown).toBe('');
    out.begin('fresh');
    out.push('A ');
    out.push('slow ');
    out.push('turtle');
    expect(events).toEqual([{ type: 'delta', lane: 'final', text: 'A slow turtle' }]);
    out.push('.');
    expect(out.complete()).toBe('A slow turtle.');
  });

  it('holds back for a time: the window ends on its timer even when no token follows', async () => {
    const { out, events } = output({ ms: 200 });
    out.begin('fresh');
    out.push('The ');
    await vi.advanceTimersByTimeAsync(199);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual([{ type: 'delta', lane: 'final', text: 'The ' }]);
    out.abandon();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a complete short answer at once, and leaves no timer behind', () => {
    const { out, events } = output({ tokens: 10, ms: 5_000 });
    out.begin('fresh');
    out.push('Yes.');
    expect(out.complete()).toBe('Yes.');
    expect(events).toEqual([{ type: 'delta', lane: 'final', text: 'Yes.' }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
