import { predicate, schema, type Validator } from '@cascadekit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { laneText, memoryLogger, ofType, sim, turn } from '../__fixtures__/harness.js';
import type { ChainConfig, ModelConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const backup = sim('backup', { text: 'Backup answer.' });
const handlerFor = (chain: ChainConfig) => createCascadeHandler({ chains: { c: chain }, logger: memoryLogger() });
const firstFailure = async (primary: ModelConfig, chain: Partial<ChainConfig> = {}) => {
  const all = await turn(handlerFor({ final: [primary, backup], ...chain }));
  return { all, failed: ofType(all, 'attempt-failed')[0], settled: ofType(all, 'settled')[0] };
};

describe('triggers: each moves the lane on', () => {
  it('time to response headers', async () => {
    const { failed, settled } = await firstFailure({
      ...sim('slow-headers', { failure: { kind: 'stall' } }),
      timeouts: { headersMs: 1000 },
    });
    expect(failed).toMatchObject({ reason: 'timeout-headers', next: 'fallback' });
    expect(failed?.report?.durationMs).toBe(1000);
    expect(settled).toMatchObject({ winner: 'final', model: 'backup' });
  });

  it('time to first token', async () => {
    const { failed } = await firstFailure({ ...sim('slow-start', { ttftMs: 5000 }), timeouts: { firstTokenMs: 800 } });
    expect(failed).toMatchObject({ reason: 'timeout-first-token', next: 'fallback' });
    expect(failed?.report?.durationMs).toBe(800);
  });

  it('idle gap between chunks, after text has streamed (restart emits reset)', async () => {
    const { all, failed } = await firstFailure({
      ...sim('stalls', { text: 'one two three', failure: { kind: 'stall', afterTokens: 2 } }),
      timeouts: { idleMs: 500 },
    });
    expect(failed).toMatchObject({ reason: 'timeout-idle', next: 'fallback' });
    expect(failed?.report?.ttftMs).toBeDefined();
    const types = all.map((e) => e.type);
    expect(types.indexOf('reset')).toBeGreaterThan(types.indexOf('attempt-failed'));
    expect(laneText(all, 'final')).toBe('Backup answer.');
  });

  it('total deadline of the lane stops it, even with models left', async () => {
    const all = await turn(
      handlerFor({
        final: [{ ...sim('crawl', { tokensPerSecond: 1, sentences: 8 }), timeouts: { idleMs: 5000 } }, backup],
        deadlineMs: 2500,
      }),
    );
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({ reason: 'timeout-total', next: 'give-up' });
    expect(ofType(all, 'lane-failed')[0]).toMatchObject({ reason: 'timeout-total' });
    expect(ofType(all, 'attempt-start')).toHaveLength(1);
    expect(ofType(all, 'settled')[0]?.winner).toBeNull();
  });

  it.each([408, 409, 425, 429, 500, 502, 503, 504])('HTTP %i is retried on the same model', async (status) => {
    const all = await turn(
      handlerFor({
        final: [
          {
            ...sim('flaky', { text: 'ok', failure: { kind: 'http', status }, failCalls: 1 }),
            retry: { attempts: 2, baseDelayMs: 10 },
          },
          backup,
        ],
      }),
    );
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({ reason: 'http-status', status, next: 'retry' });
    expect(ofType(all, 'attempt-start').map((e) => e.model)).toEqual(['flaky', 'flaky']);
    expect(ofType(all, 'settled')[0]?.model).toBe('flaky');
  });

  it.each([400, 401, 403, 404])('HTTP %i is not retried but fallen back from', async (status) => {
    const { all, failed } = await firstFailure({
      ...sim('refuses', { failure: { kind: 'http', status } }),
      retry: { attempts: 3, baseDelayMs: 0 },
    });
    expect(failed).toMatchObject({ reason: 'http-status', status, next: 'fallback' });
    expect(ofType(all, 'attempt-start').map((e) => e.model)).toEqual(['refuses', 'backup']);
  });

  it('network error before the first token is retried, after it falls back', async () => {
    const before = await firstFailure({
      ...sim('reset-early', { failure: { kind: 'network' }, failCalls: 1 }),
      retry: { attempts: 2, baseDelayMs: 0 },
    });
    expect(before.failed).toMatchObject({ reason: 'network', next: 'retry' });
    const after = await firstFailure({
      ...sim('reset-late', { text: 'a b c', failure: { kind: 'network', afterTokens: 1 } }),
      retry: { attempts: 2, baseDelayMs: 0 },
    });
    expect(after.failed).toMatchObject({ reason: 'network', next: 'fallback' });
    expect(ofType(after.all, 'reset')).toHaveLength(1);
  });

  it('a 200 stream without its terminator is incomplete', async () => {
    const { failed, settled } = await firstFailure(
      sim('cut', { text: 'a b c d', failure: { kind: 'cut', afterTokens: 2 } }),
    );
    expect(failed).toMatchObject({ reason: 'incomplete', next: 'fallback' });
    expect(settled?.model).toBe('backup');
  });

  it('an in-band error event in a 200 stream is retried', async () => {
    const { all, failed } = await firstFailure({
      ...sim('in-band', { text: 'a b', failure: { kind: 'in-band-error', afterTokens: 1 }, failCalls: 1 }),
      retry: { attempts: 2, baseDelayMs: 0 },
    });
    expect(failed).toMatchObject({ reason: 'upstream-error', next: 'retry' });
    expect(laneText(all, 'final')).toBe('a b');
  });
});

describe('triggers: output that fails validation', () => {
  const invalid = (validators: ModelConfig['validators'], text = 'not json at all') => ({
    ...sim('sloppy', { text }),
    validators,
  });

  it('JSON parse', async () => {
    const { all, failed } = await firstFailure(invalid([{ type: 'json' }]));
    expect(ofType(all, 'validation')[0]).toMatchObject({ ok: false, validator: 'json', model: 'sloppy' });
    expect(failed).toMatchObject({ reason: 'validation', next: 'fallback' });
    expect(failed?.message).toMatch(/not valid JSON/);
  });

  it('pattern', async () => {
    const { failed } = await firstFailure(
      invalid([{ type: 'pattern', pattern: '^ANSWER:', message: 'Start with ANSWER:' }]),
    );
    expect(failed).toMatchObject({ reason: 'validation', message: 'Start with ANSWER:' });
  });

  it('custom function', async () => {
    const { failed } = await firstFailure(invalid([predicate('short', (t) => t.length < 5 || 'Too long.')]));
    expect(failed).toMatchObject({ reason: 'validation', message: 'Too long.' });
  });

  it('Standard Schema', async () => {
    const answerSchema: Parameters<typeof schema>[0] = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && typeof (value as { answer?: unknown }).answer === 'string'
            ? { value: value as { answer: string } }
            : { issues: [{ message: 'Expected a string', path: ['answer'] }] },
      },
    };
    const { all, failed } = await firstFailure(invalid([schema(answerSchema)], '{"answer": 42}'));
    expect(failed).toMatchObject({ reason: 'validation' });
    expect(failed?.message).toContain('answer: Expected a string');
    expect(ofType(all, 'reset')).toHaveLength(1);
  });

  it('passes valid output', async () => {
    const all = await turn(handlerFor({ final: [invalid([{ type: 'json' }], '{"ok": true}')] }));
    expect(ofType(all, 'validation')[0]).toMatchObject({ ok: true, validator: 'json' });
    expect(ofType(all, 'settled')[0]?.model).toBe('sloppy');
  });
});

describe('judging output never escapes the lane', () => {
  it('a validator that never settles is cut off by the lane deadline, and its signal tells it so', async () => {
    let seen: AbortSignal | undefined;
    const forever: Validator = {
      name: 'forever',
      validate: (_text, context) => {
        seen = context?.signal;
        return new Promise<never>(() => {});
      },
    };
    const all = await turn(handlerFor({ final: [{ ...sim('m'), validators: [forever] }, backup], deadlineMs: 3000 }));
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({ reason: 'timeout-total', next: 'give-up' });
    expect(all.at(-1)?.type).toBe('done');
    // A validator doing slow work (asking another model, say) can stop it: the lane no longer waits.
    expect(seen?.aborted).toBe(true);
    // Nothing of the abandoned verdict reaches the stream.
    expect(ofType(all, 'validation')).toHaveLength(0);
  });

  it('a validator that heeds its signal and gives up announces no late verdict', async () => {
    const heeding: Validator = {
      name: 'heeding',
      validate: (_text, context) =>
        new Promise((_resolve, reject) =>
          context?.signal?.addEventListener('abort', () => reject(new Error('gave up'))),
        ),
    };
    const all = await turn(handlerFor({ final: [{ ...sim('m'), validators: [heeding] }, backup], deadlineMs: 3000 }));
    expect(ofType(all, 'attempt-failed')[0]).toMatchObject({ reason: 'timeout-total', next: 'give-up' });
    expect(ofType(all, 'validation')).toHaveLength(0);
  });

  it('a scorer that throws fails the attempt (unknown) and the lane falls back', async () => {
    const scorer = () => {
      throw new Error('scorer bug');
    };
    const { failed, settled } = await firstFailure({ ...sim('m'), confidence: { threshold: 0.5, scorer } });
    expect(failed).toMatchObject({ reason: 'unknown', next: 'fallback' });
    expect(settled?.model).toBe('backup');
  });
});

describe('triggers: low confidence', () => {
  it('from token log-probabilities', async () => {
    const { failed } = await firstFailure({ ...sim('unsure', { logprob: -2 }), confidence: { threshold: 0.5 } });
    expect(failed).toMatchObject({ reason: 'low-confidence', next: 'fallback' });
  });

  it('passes confident answers', async () => {
    const all = await turn(
      handlerFor({ final: [{ ...sim('sure', { logprob: -0.05 }), confidence: { threshold: 0.5 } }] }),
    );
    expect(ofType(all, 'settled')[0]?.model).toBe('sure');
  });

  it('from a scorer function when there are no logprobs', async () => {
    const scorer = vi.fn(() => 0.1);
    const { failed } = await firstFailure({ ...sim('scored'), confidence: { threshold: 0.3, scorer } });
    expect(failed).toMatchObject({ reason: 'low-confidence' });
    expect(scorer).toHaveBeenCalledWith(expect.any(String), { lane: 'final', model: 'scored' });
  });
});
