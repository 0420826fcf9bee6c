import { simulator } from '@cascadekit/server';
import { describe, expect, it } from 'vitest';
import { createStreamStats, trackStreams } from './test-hooks';

const request = (signal: AbortSignal) => ({
  model: 'sim',
  messages: [{ role: 'user' as const, content: 'hi' }],
  signal,
});

describe('stream counting for the e2e hook', () => {
  it('counts a stream that ran to its end as finished', async () => {
    const stats = createStreamStats();
    const provider = trackStreams(stats)(simulator({ headersMs: 0, ttftMs: 0, tokensPerSecond: 100_000 }));
    const chunks = [];
    for await (const batch of provider.stream(request(new AbortController().signal))) chunks.push(...batch);
    expect(chunks.at(-1)).toEqual({ type: 'end', finishReason: 'stop' });
    expect(stats).toEqual({ active: 0, started: 1, cancelled: 0, finished: 1 });

    // A consumer that stops reading right after the terminator still saw a finished stream.
    for await (const batch of provider.stream(request(new AbortController().signal))) {
      if (batch.some((chunk) => chunk.type === 'end')) break;
    }
    expect(stats).toEqual({ active: 0, started: 2, cancelled: 0, finished: 2 });
  });

  it('counts an aborted stream and one whose reader stopped early as cancelled', async () => {
    const stats = createStreamStats();
    const provider = trackStreams(stats)(simulator({ headersMs: 0, ttftMs: 0, tokensPerSecond: 100_000 }));

    const controller = new AbortController();
    const aborted = provider.stream(request(controller.signal))[Symbol.asyncIterator]();
    await aborted.next();
    expect(stats.active).toBe(1);
    controller.abort();
    await expect(async () => {
      for (;;) if ((await aborted.next()).done) break;
    }).rejects.toThrow(/aborted/);

    for await (const _chunk of provider.stream(request(new AbortController().signal))) break;

    expect(stats).toEqual({ active: 0, started: 2, cancelled: 2, finished: 0 });
  });
});
