/**
 * The same answer for every render-cost page: `count` tokens, a paragraph break every 60, the
 * last one `zzend` (the harness waits for it). Frames are produced in batches on a timer, like
 * network chunks, so each page renders while tokens keep arriving.
 */

export const END_MARK = 'zzend';

export function benchTokens(count: number): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < count - 1; i++) tokens.push(i % 60 === 59 ? `w${i % 97}.\n\n` : `w${i % 97} `);
  tokens.push(END_MARK);
  return tokens;
}

/** Tokens to read from `?tokens=`; default 2000. */
export function tokenCountFromUrl(): number {
  const value = Number(new URLSearchParams(location.search).get('tokens'));
  return Number.isFinite(value) && value > 0 ? value : 2000;
}

/**
 * Tokens per timer tick, from `?batch=` (the harness's regime): 8 by default, ~2,000 tokens/s
 * since nested timers clamp to 4 ms; 256 for a burst, as fast as the page takes them.
 */
const BATCH = Number(new URLSearchParams(location.search).get('batch')) || 8;

/**
 * A byte stream of `prefix`, one frame per token from `frame`, then `suffix`, in batches of
 * {@link BATCH} tokens per `setTimeout(0)` tick.
 */
export function pacedStream(
  tokens: readonly string[],
  frame: (token: string, index: number) => string,
  prefix = '',
  suffix = '',
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (prefix) controller.enqueue(encoder.encode(prefix));
    },
    async pull(controller) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      let text = '';
      const end = Math.min(tokens.length, next + BATCH);
      for (; next < end; next++) text += frame(tokens[next] ?? '', next);
      if (text) controller.enqueue(encoder.encode(text));
      if (next >= tokens.length) {
        if (suffix) controller.enqueue(encoder.encode(suffix));
        controller.close();
      }
    },
  });
}
