import { expect, test } from 'vitest';
import { cascadeTurn } from '../__fixtures__/sse.js';
import type { CascadeEvent } from '../protocol/events.js';
import { createAnswer, reduceAnswer } from './answer.js';
import { answerDetails } from './answer-details.js';

test('answerDetails flattens lanes, models, attempts, latency and cost of an upgraded answer', () => {
  const events = cascadeTurn('Draft', 'Final').map(
    (event): CascadeEvent =>
      event.type === 'settled'
        ? { ...event, summary: { attempts: [], costUsd: 0.002, baselineCostUsd: 0.005, durationMs: 1200 } }
        : event,
  );
  let answer = createAnswer(1000);
  let now = 1000;
  for (const event of events) {
    now += 10;
    answer = reduceAnswer(answer, event, now);
    if (event.type === 'lane-done' && event.lane === 'final') {
      answer = reduceAnswer(
        answer,
        { type: 'client-validation', lane: 'final', ok: true, validator: 'non-empty' },
        now,
      );
    }
  }
  const details = answerDetails(answer);
  expect(details.status).toBe('final');
  expect(details.text).toEqual({ draft: 'Draft', final: 'Final' });
  expect(details.answerLane).toBe('final');
  expect(details.upgraded).toBe(true);
  expect(details.model).toEqual({ draft: 'fast', final: 'large' });
  expect(details.attempts.map((a) => [a.lane, a.model, a.outcome])).toEqual([
    ['draft', 'fast', 'ok'],
    ['final', 'large', 'ok'],
  ]);
  expect(details.latency.firstTokenMs).toBe(40);
  expect(details.latency.totalMs).toBe(1200);
  expect(details.cost.usd).toBe(0.002);
  expect(details.cost.savingUsd).toBeCloseTo(0.003);
});
