import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { ProviderError } from '../providers/types.js';
import { ChunkWatchdog } from './timeouts.js';

/** A clock moved by hand that counts its parked sleeps, so timer churn is visible. */
function manualClock() {
  let now = 0;
  let started = 0;
  const sleeps = new Set<{ at: number; resolve: () => void }>();
  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      started++;
      return new Promise<void>((resolve, reject) => {
        const entry = { at: now + ms, resolve };
        sleeps.add(entry);
        signal?.addEventListener('abort', () => {
          sleeps.delete(entry);
          reject(signal.reason);
        });
      });
    },
  };
  return {
    clock,
    pending: () => sleeps.size,
    started: () => started,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...sleeps].filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        sleeps.delete(due);
        due.resolve();
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
      now = until;
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

/** An iterator whose `next()` the test settles by hand. */
function manualIterator() {
  const waiting: ((value: IteratorResult<string>) => void)[] = [];
  const iterator: AsyncIterator<string> = {
    next: () => new Promise((resolve) => waiting.push(resolve)),
  };
  return { iterator, emit: (value: string) => waiting.shift()?.({ value, done: false }) };
}

const settledState = async (promise: Promise<unknown>) => {
  const marker = Symbol('pending');
  const result = await Promise.race([
    promise.then(
      () => 'resolved',
      (e: unknown) => e,
    ),
    Promise.resolve(marker),
  ]);
  return result === marker ? 'pending' : result;
};

describe('ChunkWatchdog', () => {
  it('rejects with the phase reason once no chunk came within ms', async () => {
    const time = manualClock();
    const dog = new ChunkWatchdog(time.clock, new AbortController().signal);
    const { iterator } = manualIterator();
    const wait = dog.next(iterator, 1000, 'timeout-first-token');
    await time.advance(999);
    expect(await settledState(wait)).toBe('pending');
    await time.advance(1);
    const error = await wait.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      reason: 'timeout-first-token',
      message: 'No chunk within 1000 ms (timeout-first-token).',
    });
    dog.dispose();
    expect(time.pending()).toBe(0);
  });

  it('moves its deadline with each chunk without a timer per chunk', async () => {
    const time = manualClock();
    const dog = new ChunkWatchdog(time.clock, new AbortController().signal);
    const { iterator, emit } = manualIterator();
    for (let i = 0; i < 1000; i++) {
      const wait = dog.next(iterator, 1000, 'timeout-idle');
      await time.advance(10);
      emit(`t${i}`);
      expect(await wait).toEqual({ value: `t${i}`, done: false });
    }
    // 10 s of chunks 10 ms apart: about one re-arm per second of deadline, not one per chunk.
    expect(time.started()).toBeLessThanOrEqual(12);
    expect(time.pending()).toBe(1);
    const last = dog.next(iterator, 1000, 'timeout-idle');
    await time.advance(1000);
    await expect(last).rejects.toMatchObject({ reason: 'timeout-idle' });
    dog.dispose();
    expect(time.pending()).toBe(0);
  });

  it('honours a shorter deadline of a later phase at once', async () => {
    const time = manualClock();
    const dog = new ChunkWatchdog(time.clock, new AbortController().signal);
    const { iterator, emit } = manualIterator();
    const headers = dog.next(iterator, 10_000, 'timeout-headers');
    emit('headers');
    await headers;
    const first = dog.next(iterator, 500, 'timeout-first-token');
    await time.advance(500);
    await expect(first).rejects.toMatchObject({ reason: 'timeout-first-token' });
    dog.dispose();
  });

  it('rejects with the signal’s reason on abort, and after it', async () => {
    const time = manualClock();
    const controller = new AbortController();
    const dog = new ChunkWatchdog(time.clock, controller.signal);
    const { iterator } = manualIterator();
    const wait = dog.next(iterator, 1000, 'timeout-idle');
    const reason = new ProviderError('timeout-total', 'lane deadline');
    controller.abort(reason);
    await expect(wait).rejects.toBe(reason);
    await expect(dog.next(iterator, 1000, 'timeout-idle')).rejects.toBe(reason);
    expect(time.pending()).toBe(0);
    dog.dispose();
  });

  it('does not time out between waits', async () => {
    const time = manualClock();
    const dog = new ChunkWatchdog(time.clock, new AbortController().signal);
    const { iterator, emit } = manualIterator();
    const wait = dog.next(iterator, 1000, 'timeout-idle');
    emit('a');
    await wait;
    await time.advance(5000); // the consumer is busy: no wait is in flight
    const next = dog.next(iterator, 1000, 'timeout-idle');
    await time.advance(999);
    emit('b');
    expect(await next).toEqual({ value: 'b', done: false });
    dog.dispose();
    expect(time.pending()).toBe(0);
  });
});
