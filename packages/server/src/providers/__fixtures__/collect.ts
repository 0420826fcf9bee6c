import { expect } from 'vitest';
import type { ProviderChunk } from '../types.js';

/** Everything a provider stream produced: its chunks, the joined text and the error it threw. */
export interface Collected {
  chunks: ProviderChunk[];
  text: string;
  error: unknown;
}

/** Drains `stream`, calling `onChunk` after each chunk (return `'stop'` to break out early). */
export async function collect(
  stream: AsyncIterable<ProviderChunk[]>,
  onChunk?: (chunk: ProviderChunk, index: number) => 'stop' | undefined,
): Promise<Collected> {
  const chunks: ProviderChunk[] = [];
  let error: unknown;
  try {
    reading: for await (const batch of stream) {
      expect(batch.length).toBeGreaterThan(0);
      for (const chunk of batch) {
        chunks.push(chunk);
        if (onChunk?.(chunk, chunks.length - 1) === 'stop') break reading;
      }
    }
  } catch (caught) {
    error = caught;
  }
  const text = chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join('');
  return { chunks, text, error };
}

/** A `Response` whose SSE body arrives in the given pieces (byte-exact splits, no sockets). */
export function piecewiseResponse(pieces: Uint8Array[], init: ResponseInit = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
}

/** Splits `bytes` at pseudo-random boundaries drawn from `seed` (pieces of 1..maxPiece bytes). */
export function splitRandomly(bytes: Uint8Array, seed: number, maxPiece = 7): Uint8Array[] {
  let state = seed >>> 0 || 1;
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const size = 1 + (state % maxPiece);
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}
