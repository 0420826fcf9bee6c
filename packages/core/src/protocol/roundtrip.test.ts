import { describe, expect, it } from 'vitest';
import { cascadeTurn, seeded, splitRandomly, sseBytes, streamOf } from '../__fixtures__/sse.js';
import { CascadeError } from '../errors.js';
import { decodeEventBatches, decodeEventStream } from './decode.js';
import { encodeEvent, eventsToSseStream } from './encode.js';
import type { CascadeEvent } from './events.js';

async function collect(stream: ReadableStream<Uint8Array>): Promise<CascadeEvent[]> {
  const events: CascadeEvent[] = [];
  for await (const event of decodeEventStream(stream)) events.push(event);
  return events;
}

const multibyte = 'Grüße, 世界! Emoji 👩‍💻🚀 and ✓ — "quotes"\nnew line\r\nand tab\t.';

describe('wire protocol v1 encode/decode', () => {
  it('encodes one event as the exact SSE bytes', () => {
    expect(encodeEvent({ type: 'delta', lane: 'draft', text: 'Hi\n' })).toBe(
      'event: delta\ndata: {"type":"delta","lane":"draft","text":"Hi\\n"}\n\n',
    );
  });

  it('round-trips a whole turn split at random byte boundaries, multibyte text included', async () => {
    const events = cascadeTurn(`Draft ${multibyte}`, `Final ${multibyte} ${'ok '.repeat(50)}`);
    const bytes = sseBytes(events);
    for (let seed = 1; seed <= 200; seed++) {
      const chunks = splitRandomly(bytes, seeded(seed), 1 + (seed % 23));
      expect(await collect(streamOf(chunks))).toEqual(events);
    }
  });

  it('round-trips through eventsToSseStream', async () => {
    const events = cascadeTurn('a b c', multibyte);
    async function* source() {
      yield* events;
    }
    expect(await collect(eventsToSseStream(source()))).toEqual(events);
  });

  it('reports a stream that ends without done as incomplete, after yielding what arrived', async () => {
    const events = cascadeTurn('draft text', 'final text').slice(0, 5);
    const seen: CascadeEvent[] = [];
    const error = await (async () => {
      try {
        for await (const event of decodeEventStream(streamOf([sseBytes(events)]))) seen.push(event);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual(events);
    expect(error).toBeInstanceOf(CascadeError);
    expect((error as CascadeError).code).toBe('incomplete');
  });

  it('delivers the events of one network chunk together, and nothing after done', async () => {
    const events = cascadeTurn('draft text', 'final text');
    const head = sseBytes(events.slice(0, 3));
    const tail = sseBytes([...events.slice(3), { type: 'delta', lane: 'final', text: 'late' }]);
    const batches: CascadeEvent[][] = [];
    for await (const batch of decodeEventBatches(streamOf([head, tail]))) batches.push(batch);
    expect(batches).toEqual([events.slice(0, 3), events.slice(3)]);
  });

  it('reports a broken connection as a network error', async () => {
    const stream = streamOf([sseBytes(cascadeTurn('a', 'b').slice(0, 2))], new Error('ECONNRESET'));
    await expect(collect(stream)).rejects.toMatchObject({ code: 'network' });
  });

  it('rejects data that is not JSON as a protocol error', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {oops\n\n');
    await expect(collect(streamOf([bytes]))).rejects.toMatchObject({ code: 'protocol' });
  });

  it('skips unknown event types and comments so newer servers stay compatible', async () => {
    const text =
      ': keep-alive\n\nevent: future\ndata: {"type":"future-thing","x":1}\n\n' +
      new TextDecoder().decode(sseBytes([{ type: 'done' }]));
    expect(await collect(streamOf([new TextEncoder().encode(text)]))).toEqual([{ type: 'done' }]);
  });

  it('accepts a last event that lacks its blank line terminator', async () => {
    const bytes = new TextEncoder().encode('data: {"type":"done"}');
    expect(await collect(streamOf([bytes]))).toEqual([{ type: 'done' }]);
  });

  it('stops reading and cancels the body when aborted', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          sseBytes([{ type: 'turn-start', v: 1, turnId: 't', chain: 'c', lanes: ['draft', 'final'] }]),
        );
      },
      cancel() {
        cancelled = true;
      },
    });
    const abort = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of decodeEventStream(body, { signal: abort.signal })) {
          seen.push(event.type);
          abort.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(seen).toEqual(['turn-start']);
    expect(cancelled).toBe(true);
  });
});
