import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimers } from './__fixtures__/harness.js';
import { type ProviderChunk, ProviderError } from './providers/types.js';
import { answerShape, type SimulatorOptions, simulatedAnswer, simulator, splitTokens } from './simulator.js';

const messages = [{ role: 'user' as const, content: 'Why is the sky blue?' }];

async function run(options: SimulatorOptions, signal = new AbortController().signal, continueFrom?: string) {
  const provider = simulator(options);
  const timeline: { at: number; chunk: ProviderChunk }[] = [];
  const start = Date.now();
  let error: unknown;
  try {
    const request = { model: provider.model, messages, signal, ...(continueFrom ? { continueFrom } : {}) };
    for await (const batch of provider.stream(request)) {
      for (const chunk of batch) timeline.push({ at: Date.now() - start, chunk });
    }
  } catch (e) {
    error = e;
  }
  const text = timeline.map((t) => (t.chunk.type === 'text' ? t.chunk.text : '')).join('');
  return { timeline, text, error, types: timeline.map((t) => t.chunk.type) };
}

describe('simulator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is deterministic for a seed: same text, same timing', async () => {
    const options = { seed: 42, jitter: 0.5 };
    const a = await withTimers(run(options), 1);
    const b = await withTimers(run(options), 1);
    expect(a.timeline).toEqual(b.timeline);
    expect(a.text).toBe(simulatedAnswer('Why is the sky blue?', 42));
    expect(a.types[0]).toBe('headers');
    expect(a.types.slice(-2)).toEqual(['usage', 'end']);
  });

  it('varies with the seed', async () => {
    expect(simulatedAnswer('q', 1, 4)).not.toBe(simulatedAnswer('q', 2, 4));
    // No sentence repeats within an answer while the phrase list lasts.
    for (let seed = 1; seed <= 50; seed++) {
      const sentences = simulatedAnswer('q', seed, 6)
        .split(/(?<=\.) /)
        .slice(1);
      expect(new Set(sentences).size).toBe(sentences.length);
    }
  });

  it('answers in markdown chosen by the question: a table, code, a list; prose otherwise', () => {
    const table = 'Compare a fast and a large model in a table';
    const code = 'Show retry with backoff in TypeScript';
    const steps = 'List the steps of a cascade turn';
    expect([table, code, steps, 'How do circuit breakers work?'].map(answerShape)).toEqual([
      'table',
      'code',
      'list',
      'prose',
    ]);
    const rows = (text: string) => text.split('\n').filter((line) => /^\| (?!---)/.test(line));
    for (const [seed, sentences] of [
      [1, 3],
      [2, 4],
    ] as const) {
      const tableAnswer = simulatedAnswer(table, seed, sentences);
      expect(tableAnswer).toMatch(/\n\n\| \| \w+ model \| Large model \|\n\| --- \| --- \| --- \|\n/);
      expect(rows(tableAnswer)).toHaveLength(1 + sentences); // the head and one row per sentence
      const codeAnswer = simulatedAnswer(code, seed, sentences);
      expect(codeAnswer).toMatch(/\n\n```ts\nasync function \w+<T>\(run[\s\S]*\n```\n\n/);
      const list = simulatedAnswer(steps, seed, sentences);
      expect(list.split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(sentences);
      expect(simulatedAnswer('How do circuit breakers work?', seed, sentences)).not.toContain('\n');
    }
    // The demo's draft and final: one shape, different enough that the swap shows.
    for (const question of [table, code, steps]) {
      const draft = simulatedAnswer(question, 1, 3);
      const final = simulatedAnswer(question, 2, 4);
      expect(answerShape(question)).not.toBe('prose');
      expect(final).not.toBe(draft);
      expect(final.length).toBeGreaterThan(draft.length);
      expect(simulatedAnswer(question, 1, 3)).toBe(draft);
    }
    expect(simulatedAnswer(code, 2, 4)).toContain('Math.min(maxDelayMs,');
    expect(simulatedAnswer(code, 1, 3)).not.toContain('maxDelayMs');
  });

  it('honours time to headers, time to first token and the token rate', async () => {
    const result = await withTimers(
      run({ text: 'one two three four', headersMs: 50, ttftMs: 200, tokensPerSecond: 10, jitter: 0 }),
      1,
    );
    const texts = result.timeline.filter((t) => t.chunk.type === 'text').map((t) => t.at);
    expect(result.timeline[0]?.at).toBe(50);
    expect(texts).toEqual([250, 350, 450, 550]);
  });

  it('splits multibyte text losslessly', () => {
    const text = 'Grüße 🌍 from  東京\nand back ';
    expect(splitTokens(text).join('')).toBe(text);
  });

  it('injects an HTTP error with Retry-After, for the first calls only', async () => {
    const provider = { failure: { kind: 'http', status: 429, retryAfterMs: 1500 }, failCalls: 1 } as const;
    const shared = simulator({ ...provider, text: 'ok' });
    const signal = new AbortController().signal;
    const first = withTimers(
      (async () => {
        for await (const _ of shared.stream({ model: 'm', messages, signal })) void _;
      })().catch((e: unknown) => e),
    );
    const error = (await first) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect([error.reason, error.status, error.retryAfterMs]).toEqual(['http-status', 429, 1500]);
    const chunks: ProviderChunk[] = [];
    await withTimers(
      (async () => {
        for await (const batch of shared.stream({ model: 'm', messages, signal })) chunks.push(...batch);
      })(),
    );
    expect(chunks.at(-1)).toEqual({ type: 'end', finishReason: 'stop' });
  });

  it('resets the connection before headers or mid-stream', async () => {
    const before = await withTimers(run({ text: 'a b c', failure: { kind: 'network' } }));
    expect(before.types).toEqual([]);
    expect((before.error as ProviderError).reason).toBe('network');
    const mid = await withTimers(run({ text: 'a b c', failure: { kind: 'network', afterTokens: 2 } }));
    expect(mid.text).toBe('a b');
    expect((mid.error as ProviderError).afterFirstToken).toBe(true);
  });

  it('cuts a stream without its terminator', async () => {
    const result = await withTimers(run({ text: 'a b c d', failure: { kind: 'cut', afterTokens: 2 } }));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('a b');
    expect(result.types).not.toContain('end');
  });

  it('stalls until aborted, then throws aborted', async () => {
    const controller = new AbortController();
    const pending = run({ text: 'a b c', failure: { kind: 'stall', afterTokens: 1 } }, controller.signal);
    await vi.advanceTimersByTimeAsync(60_000);
    controller.abort();
    const result = await withTimers(pending);
    expect(result.text).toBe('a');
    expect((result.error as ProviderError).reason).toBe('aborted');
  });

  it('sends an in-band error event and invalid output', async () => {
    const inBand = await withTimers(run({ text: 'a b c', failure: { kind: 'in-band-error', afterTokens: 1 } }));
    expect((inBand.error as ProviderError).reason).toBe('upstream-error');
    const invalid = await withTimers(run({ text: '{"ok":true}', failure: { kind: 'invalid' } }));
    expect(invalid.text).toBe('{"broken": ');
    expect(invalid.types.at(-1)).toBe('end');
  });

  it('reports log-probabilities when configured and continues from a prefix', async () => {
    const result = await withTimers(run({ text: 'Hello brave new world', logprob: -0.2 }, undefined, 'Hello brave'));
    expect(result.text).toBe(' new world');
    const first = result.timeline.find((t) => t.chunk.type === 'text')?.chunk;
    expect(first).toMatchObject({ logprob: -0.2, tokens: 1 });
  });

  it('is browser-safe: no Node built-in in its import graph', () => {
    for (const file of ['simulator.ts', 'clock.ts', 'random.ts', 'tokens.ts', 'providers/types.ts']) {
      const source = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from '(node:|fs|http|stream|events)/);
    }
  });
});
