import { describe, expect, it } from 'vitest';
import { Channel } from './channel.js';

describe('Channel batches', () => {
  it('hands out everything pushed before the consumer woke as one batch, in order', async () => {
    const channel = new Channel<number>();
    const first = channel.ready();
    expect(first).toBeInstanceOf(Promise);
    channel.push(1);
    channel.push(2);
    channel.push(3);
    await first;
    expect(channel.take()).toEqual([1, 2, 3]);
    channel.push(4);
    channel.close();
    // Values are there already: no promise to wait on.
    expect(channel.ready()).toBeUndefined();
    expect(channel.take()).toEqual([4]);
    expect(channel.ready()).toBeUndefined();
    expect(channel.take()).toBeUndefined();
  });

  it('cancel() stops the producer at once, even while a batch is awaited', async () => {
    let cancelled = 0;
    const channel = new Channel<number>(() => {
      cancelled++;
    });
    const pending = channel.ready();
    channel.cancel();
    await pending;
    expect(channel.take()).toBeUndefined();
    expect(cancelled).toBe(1);
    channel.push(1); // ignored once closed
    expect(channel.ready()).toBeUndefined();
    expect(channel.take()).toBeUndefined();
  });
});
