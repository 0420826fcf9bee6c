import { vi } from 'vitest';
import { encodeEvent } from '../protocol/encode.js';
import type { CascadeEvent, CascadeRequest } from '../protocol/events.js';

/** Small seeded PRNG (mulberry32) so random chunkings are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits bytes at random boundaries (possibly inside a multibyte character). */
export function splitRandomly(bytes: Uint8Array, random: () => number, maxChunk = 17): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** A byte stream that yields the given chunks, then closes (or errors). */
export function streamOf(chunks: Uint8Array[], end: 'close' | Error = 'close'): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else if (end === 'close') controller.close();
      else controller.error(end);
    },
  });
}

/** The SSE bytes of a list of events. */
export function sseBytes(events: CascadeEvent[]): Uint8Array {
  return new TextEncoder().encode(events.map(encodeEvent).join(''));
}

/** A `Response` streaming the events, split at seeded random boundaries. */
export function sseResponse(events: CascadeEvent[], seed = 1): Response {
  return new Response(streamOf(splitRandomly(sseBytes(events), seeded(seed))), {
    headers: { 'content-type': 'text/event-stream' },
  });
}

/** A complete cascade turn: draft streams `draft`, final streams `final`, both succeed. */
export function cascadeTurn(draft: string, final: string, opts: { finalFails?: boolean } = {}): CascadeEvent[] {
  const words = (text: string) => text.match(/\S+\s*/g) ?? [];
  const events: CascadeEvent[] = [
    { type: 'turn-start', v: 1, turnId: 't1', chain: 'default', lanes: ['draft', 'final'] },
    { type: 'attempt-start', lane: 'draft', attempt: 0, model: 'fast', provider: 'simulator' },
    { type: 'attempt-start', lane: 'final', attempt: 0, model: 'large', provider: 'simulator' },
    ...words(draft).map((text): CascadeEvent => ({ type: 'delta', lane: 'draft', text })),
    { type: 'lane-done', lane: 'draft', model: 'fast', text: draft },
  ];
  if (opts.finalFails) {
    events.push(
      {
        type: 'attempt-failed',
        lane: 'final',
        attempt: 0,
        model: 'large',
        reason: 'http-status',
        status: 503,
        message: 'The model is unavailable.',
        next: 'give-up',
      },
      { type: 'lane-failed', lane: 'final', reason: 'http-status', message: 'Every model of the lane failed.' },
    );
  } else {
    events.push(...words(final).map((text): CascadeEvent => ({ type: 'delta', lane: 'final', text })), {
      type: 'lane-done',
      lane: 'final',
      model: 'large',
      text: final,
    });
  }
  events.push(
    {
      type: 'settled',
      winner: opts.finalFails ? 'draft' : 'final',
      model: opts.finalFails ? 'fast' : 'large',
      summary: { attempts: [], costUsd: 0, durationMs: 10 },
    },
    { type: 'done' },
  );
  return events;
}

type FetchArgs = [RequestInfo | URL, RequestInit | undefined];

/** A fake fetch answering each call with the next scripted Response; `calls` holds the request bodies. */
export function scriptedFetch(...responses: (Response | (() => Response | Promise<Response>))[]) {
  const calls: CascadeRequest[] = [];
  const fetch = vi.fn(async (...[_url, init]: FetchArgs) => {
    calls.push(JSON.parse(String(init?.body)) as CascadeRequest);
    const next = responses.shift();
    if (!next) throw new Error('unexpected fetch');
    return typeof next === 'function' ? next() : next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** A `Response` that streams `events` and then stays open until the client cancels it. */
export function openResponse(events: CascadeEvent[]) {
  let cancelled = false;
  const response = new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(sseBytes(events));
      },
      cancel() {
        cancelled = true;
      },
    }),
  );
  return {
    response,
    get cancelled() {
      return cancelled;
    },
  };
}

/**
 * A `Response` the test feeds event by event: `push` sends events, `end` closes the stream;
 * `cancelled` turns true when the client aborts it.
 */
export function pushedResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const state = { cancelled: false };
  const response = new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        state.cancelled = true;
      },
    }),
  );
  return {
    response,
    push: (events: CascadeEvent[]) => controller.enqueue(sseBytes(events)),
    end: () => controller.close(),
    get cancelled() {
      return state.cancelled;
    },
  };
}

/** `cascadeTurn` cut in two: up to the draft's `lane-done` (the final lane still works), and the rest. */
export function turnInTwo(draft: string, final: string): [CascadeEvent[], CascadeEvent[]] {
  const events = cascadeTurn(draft, final);
  const cut = events.findIndex((e) => e.type === 'lane-done' && e.lane === 'draft') + 1;
  return [events.slice(0, cut), events.slice(cut)];
}
