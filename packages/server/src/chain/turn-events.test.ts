/**
 * The turn's event queue and its slow-client rule (issue 10 item 5), on fake time: a reader that
 * keeps taking the queue, however slowly, only slows the lanes; one that reads nothing of a full
 * queue for `slowClientMs` ends the turn with a SlowClientError, also after the lanes ended.
 */
import type { CascadeEvent } from '@cascadekit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../clock.js';
import { SlowClientError, TurnEventQueue } from './turn-events.js';

const LIMIT = 1024;
const SLOW_MS = 1_000;
const delta = (text: string): CascadeEvent => ({ type: 'delta', lane: 'final', text });

function queue() {
  const cancels: (SlowClientError | undefined)[] = [];
  const events = new TurnEventQueue((reason) => cancels.push(reason), {
    clock: systemClock,
    maxBufferedBytes: LIMIT,
    slowClientMs: SLOW_MS,
  });
  return { events, cancels };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TurnEventQueue', () => {
  it('has room until maxBufferedBytes wait, then lets a lane wait until the reader takes them', async () => {
    const { events } = queue();
    events.push(delta('x'.repeat(LIMIT / 2)));
    expect(events.room()).toBeUndefined();
    events.push(delta('x'.repeat(LIMIT / 2)));
    const room = events.room();
    expect(room).toBeInstanceOf(Promise);
    let freed = false;
    void room?.then(() => {
      freed = true;
    });
    await Promise.resolve();
    expect(freed).toBe(false);
    expect(await events.read()).toHaveLength(2);
    await Promise.resolve();
    expect(freed).toBe(true);
  });

  it('keeps a reader that takes a full queue, however late, within slowClientMs each time', async () => {
    const { events, cancels } = queue();
    for (let round = 0; round < 5; round++) {
      events.push(delta('x'.repeat(LIMIT)));
      await vi.advanceTimersByTimeAsync(SLOW_MS - 1);
      expect(await events.read()).toHaveLength(1);
    }
    await vi.advanceTimersByTimeAsync(SLOW_MS * 2);
    expect(cancels).toEqual([]);
  });

  it('ends the turn when a full queue goes unread for slowClientMs', async () => {
    const { events, cancels } = queue();
    const closed = events.closed;
    events.push(delta('x'.repeat(LIMIT)));
    const room = events.room();
    await vi.advanceTimersByTimeAsync(SLOW_MS);
    expect(cancels).toHaveLength(1);
    expect(cancels[0]).toBeInstanceOf(SlowClientError);
    expect(cancels[0]?.code).toBe('slow_client');
    await expect(closed).rejects.toBeInstanceOf(SlowClientError);
    await expect(events.read()).rejects.toBeInstanceOf(SlowClientError);
    await expect(room).resolves.toBeUndefined(); // the waiting lane is let go, to find its turn aborted
    events.push(delta('more')); // ignored from now on
    expect(events.room()).toBeUndefined();
  });

  it('ends it too when the lanes are over and their last events go unread (lane-done counts its text)', async () => {
    const { events, cancels } = queue();
    events.push({ type: 'lane-done', lane: 'final', model: 'm', text: 'x'.repeat(LIMIT) });
    events.push({ type: 'done' });
    events.close();
    await vi.advanceTimersByTimeAsync(SLOW_MS);
    expect(cancels[0]).toBeInstanceOf(SlowClientError);
    await expect(events.closed).rejects.toBeInstanceOf(SlowClientError);
  });

  it('arms nothing for a reader that keeps up, and fulfils closed once it had the last event', async () => {
    const { events, cancels } = queue();
    const closed = vi.fn();
    void events.closed.then(closed);
    events.push(delta('hello'));
    events.push({ type: 'done' });
    events.close();
    expect(vi.getTimerCount()).toBe(0);
    await Promise.resolve();
    expect(closed).not.toHaveBeenCalled(); // events wait for the reader
    expect(await events.read()).toHaveLength(2);
    expect(await events.read()).toBeNull();
    await vi.advanceTimersByTimeAsync(SLOW_MS * 2);
    expect(closed).toHaveBeenCalledOnce();
    expect(cancels).toEqual([]);
  });

  it('is cancelled by its reader without a reason, and closed fulfils', async () => {
    const { events, cancels } = queue();
    events.push(delta('x'.repeat(LIMIT)));
    events.cancel();
    await expect(events.closed).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(SLOW_MS * 2);
    expect(cancels).toEqual([undefined]);
  });
});
