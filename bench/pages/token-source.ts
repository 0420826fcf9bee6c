/**
 * The same answer for every render-cost page: `count` tokens, a paragraph break every 60, the
 * last one `zzend` (the harness waits for it). Frames are produced in batches on a timer, like
 * network chunks, so each page renders while tokens keep arriving.
 */

export const END_MARK = 'zzend';

/**
 * `count` tokens of `word`-prefixed words, a paragraph break every 60, ending in `end`. The
 * two-lane pages stream a draft (`d` words, ending `zzdraft`) and a final answer (`w` words,
 * ending {@link END_MARK}) whose every sentence differs from the draft's: the worst case of a swap.
 */
export function benchTokens(count: number, word = 'w', end = END_MARK): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < count - 1; i++) tokens.push(i % 60 === 59 ? `${word}${i % 97}.\n\n` : `${word}${i % 97} `);
  tokens.push(end);
  return tokens;
}

const params = new URLSearchParams(location.search);

/** Tokens to read from `?tokens=`; default 2000. */
export function tokenCountFromUrl(): number {
  const value = Number(params.get('tokens'));
  return Number.isFinite(value) && value > 0 ? value : 2000;
}

/** Earlier messages already in the conversation, from `?history=` (default 0). */
export function historyFromUrl(): number {
  const value = Number(params.get('history'));
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * Tokens per timer tick, from `?batch=` (the harness's regime): 8 by default, ~2,000 tokens/s
 * since nested timers clamp to 4 ms; 256 for a burst, as fast as the page takes them.
 */
const BATCH = Number(params.get('batch')) || 8;

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The bytes of `prefix`, one frame per token from `frame`, then `suffix`, as chunks of
 * {@link BATCH} tokens: built when the page loads, so the send only hands over ready bytes and
 * the time measured is the renderer's, not the in-page server's.
 */
export function tokenChunks(
  tokens: readonly string[],
  frame: (token: string, index: number) => string,
  prefix = '',
  suffix = '',
): Uint8Array[] {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  if (prefix) chunks.push(encoder.encode(prefix));
  for (let next = 0; next < tokens.length; ) {
    let text = '';
    const end = Math.min(tokens.length, next + BATCH);
    for (; next < end; next++) text += frame(tokens[next] ?? '', next);
    if (next >= tokens.length) text += suffix;
    chunks.push(encoder.encode(text));
  }
  return chunks;
}

/**
 * A byte stream of `chunks`: the first at once (the head of the answer), then one per
 * `setTimeout(0)` tick.
 */
export function chunkStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const first = chunks[next++];
      if (first) controller.enqueue(first);
      if (next >= chunks.length) controller.close();
    },
    async pull(controller) {
      await tick();
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      if (next >= chunks.length) controller.close();
    },
  });
}

/** What one timer tick of a two-lane answer brings (see {@link laneTicks}). */
export interface LaneTick {
  draft: readonly string[];
  final: readonly string[];
  /** The draft's last token is in this tick. */
  draftDone: boolean;
  /** The final's last token is in this tick. */
  finalDone: boolean;
}

/**
 * A cascade's two lanes as they arrive: both start at once, the draft streams {@link BATCH}
 * tokens per tick and the final half as many (a faster small model, a slower large one), so
 * the final keeps arriving, unseen, after the draft is complete, then replaces it.
 */
export function laneTicks(draft: readonly string[], final: readonly string[]): LaneTick[] {
  const ticks: LaneTick[] = [];
  const finalBatch = Math.max(1, Math.floor(BATCH / 2));
  for (let d = 0, f = 0; d < draft.length || f < final.length; ) {
    const tick: LaneTick = {
      draft: draft.slice(d, d + BATCH),
      final: final.slice(f, f + finalBatch),
      draftDone: d < draft.length && d + BATCH >= draft.length,
      finalDone: f < final.length && f + finalBatch >= final.length,
    };
    d += BATCH;
    f += finalBatch;
    ticks.push(tick);
  }
  return ticks;
}

/** Hands each tick to `onTick`, one per `setTimeout(0)` (for pages that take no byte stream). */
export async function playTicks(ticks: readonly LaneTick[], onTick: (tick: LaneTick) => void): Promise<void> {
  for (const t of ticks) {
    await tick();
    onTick(t);
  }
}

/** The bytes of `prefix`, then one chunk per tick from `encode`, built when the page loads (see {@link tokenChunks}). */
export function tickChunks(ticks: readonly LaneTick[], encode: (tick: LaneTick) => string, prefix = ''): Uint8Array[] {
  const encoder = new TextEncoder();
  return [...(prefix ? [prefix] : []), ...ticks.map(encode)].map((text) => encoder.encode(text));
}

/** Earlier turns of a conversation: a question, then a short markdown answer, `count` messages in all. */
export function historyMessages(count: number): { role: 'user' | 'assistant'; content: string }[] {
  const messages: { role: 'user' | 'assistant'; content: string }[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / 2);
    messages.push(
      i % 2 === 0
        ? { role: 'user', content: `Question ${n}: how does step ${n} work?` }
        : {
            role: 'assistant',
            content: `Step ${n} reads the **input** and writes the result. It keeps the order of items.\n\n- first, check the input\n- then, write \`result ${n}\``,
          },
    );
  }
  return messages;
}
