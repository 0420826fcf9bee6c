import { describe, expect, it } from 'vitest';
import { BATCHES, Channel } from './channel.js';

describe('Channel batches', () => {
  it('hands out everything pushed before the consumer woke as one batch, in order', async () => {
    const channel = new Channel<number>();
    const batches = channel[BATCHES]();
    const first = batches.next();
    channel.push(1);
    channel.push(2);
    channel.push(3);
    expect(await first).toEqual({ value: [1, 2, 3], done: false });
    channel.push(4);
    channel.close();
    expect(await batches.next()).toEqual({ value: [4], done: false });
    expect(await batches.next()).toEqual({ value: undefined, done: true });
  });

  it('return() cancels the producer at once, even while a batch is awaited', async () => {
    let cancelled = 0;
    const channel = new Channel<number>(() => {
      cancelled++;
    });
    const batches = channel[BATCHES]();
    const pending = batches.next();
    await batches.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(cancelled).toBe(1);
    channel.push(1); // ignored once closed
    expect(await batches.next()).toEqual({ value: undefined, done: true });
  });
});
