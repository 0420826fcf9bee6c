import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger, ofType, sim, turn } from '../__fixtures__/harness.js';
import type { AttemptHookEvent, SettledHookEvent } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import type { Provider } from '../providers/types.js';
import { attemptReport, costOf, summarizeTurn } from './accounting.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const big = { inputPerMTok: 10, outputPerMTok: 30 };
const small = { inputPerMTok: 0.1, outputPerMTok: 0.4 };

describe('accounting', () => {
  it('prices usage per million tokens', () => {
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 500_000 }, big)).toBe(25);
    expect(costOf({ inputTokens: 1, outputTokens: 1 }, undefined)).toBeUndefined();
  });

  it("uses the provider's usage, else marks an estimate", () => {
    const base = { lane: 'final' as const, attempt: 0, model: 'm', outcome: 'ok' as const, durationMs: 12.4 };
    const estimate = { inputTokens: 10, outputTokens: 20 };
    expect(attemptReport({ ...base, estimate, reported: { inputTokens: 3, outputTokens: 4 }, price: big })).toEqual({
      ...base,
      durationMs: 12,
      usage: { inputTokens: 3, outputTokens: 4 },
      costUsd: (3 * 10 + 4 * 30) / 1e6,
    });
    expect(attemptReport({ ...base, estimate }).usage).toEqual({ ...estimate, estimated: true });
    expect(attemptReport({ ...base, outcome: 'skipped', estimate }).usage).toBeUndefined();
    expect(summarizeTurn({ attempts: [], durationMs: 5 })).toEqual({ attempts: [], costUsd: 0, durationMs: 5 });
  });

  it('reports every attempt, the summary with the baseline cost, and calls the hooks', async () => {
    const attempts: AttemptHookEvent[] = [];
    const settled: SettledHookEvent[] = [];
    const handler = createCascadeHandler({
      chains: {
        support: {
          draft: [{ ...sim('small', { text: 'Short draft.' }), price: small }],
          final: [
            { ...sim('large', { failure: { kind: 'http', status: 500 } }), price: big },
            { ...sim('medium', { text: 'The final answer.', ttftMs: 40 }), price: small },
          ],
        },
      },
      logger: memoryLogger(),
      onAttempt: (event) => attempts.push(event),
      onSettled: (event) => settled.push(event),
    });
    const all = await turn(handler);
    const summary = ofType(all, 'settled')[0]?.summary;
    expect(summary?.attempts.map((a) => [a.lane, a.model, a.outcome, a.reason])).toEqual(
      expect.arrayContaining([
        ['draft', 'small', 'ok', undefined],
        ['final', 'large', 'failed', 'http-status'],
        ['final', 'medium', 'ok', undefined],
      ]),
    );
    const served = summary?.attempts.find((a) => a.model === 'medium');
    expect(served?.ttftMs).toBeGreaterThanOrEqual(40); // time to headers (a 0 ms timer) + 40 ms
    expect(served?.ttftMs).toBeLessThan(50);
    expect(served?.usage).toEqual({ inputTokens: 9, outputTokens: 3 });
    expect(summary?.costUsd).toBeCloseTo(
      summary?.attempts.reduce((sum, a) => sum + (a.costUsd ?? 0), 0) ?? Number.NaN,
      12,
    );
    // what the turn would have cost on 'large' alone: its price on the served answer's usage
    expect(summary?.baselineCostUsd).toBeCloseTo((9 * 10 + 3 * 30) / 1e6, 12);
    expect(attempts.map((a) => a.report.model).sort()).toEqual(['large', 'medium', 'small']);
    expect(attempts.every((a) => a.chain === 'support' && a.turnId === settled[0]?.turnId)).toBe(true);
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ chain: 'support', winner: 'final', model: 'medium', summary });
  });

  it('estimates tokens when the provider reports no usage', async () => {
    const silent: Provider = {
      kind: 'custom',
      model: 'silent',
      async *stream() {
        yield [{ type: 'headers', status: 200 }];
        yield [{ type: 'text', text: 'twelve chars' }, { type: 'end' }];
      },
    };
    const handler = createCascadeHandler({
      chains: { c: { final: [{ provider: silent, model: 'silent', price: big }] } },
      logger: memoryLogger(),
    });
    const report = ofType(await turn(handler), 'lane-done')[0]?.report;
    expect(report?.usage).toEqual({ inputTokens: 9, outputTokens: 3, estimated: true });
    expect(report?.costUsd).toBeCloseTo((9 * 10 + 3 * 30) / 1e6, 12);
  });

  it('a throwing hook is logged and does not disturb the turn', async () => {
    const logger = memoryLogger();
    const handler = createCascadeHandler({
      chains: { c: { final: [sim('m', { text: 'fine' })] } },
      logger,
      onAttempt: () => {
        throw new Error('metrics down');
      },
      onSettled: () => {
        throw new Error('metrics down');
      },
    });
    const all = await turn(handler);
    expect(ofType(all, 'settled')[0]?.winner).toBe('final');
    expect(all.at(-1)?.type).toBe('done');
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(2);
  });
});
