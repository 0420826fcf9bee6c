import { createAnswer, reduceAnswer } from '@cascadekit/core';
import { expect, test } from 'vitest';
import { upgradeScript } from '../__fixtures__/scripted-fetch.js';
import { answerDetails } from './answer-details.js';

test('answerDetails flattens lanes, models, attempts, latency and cost of an upgraded answer', () => {
  let answer = createAnswer(1000);
  let now = 1000;
  for (const event of upgradeScript(['Dr', 'aft'], ['Final'])) {
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
  expect(details.standing).toBe('final');
  expect(details.upgraded).toBe(true);
  expect(details.model).toEqual({ draft: 'sim-fast', final: 'sim-large' });
  expect(details.attempts.map((a) => [a.lane, a.model, a.outcome])).toEqual([
    ['draft', 'sim-fast', 'ok'],
    ['final', 'sim-large', 'ok'],
  ]);
  expect(details.latency.firstTokenMs).toBe(40);
  expect(details.latency.totalMs).toBe(1200);
  expect(details.cost.usd).toBe(0.002);
  expect(details.cost.savingUsd).toBeCloseTo(0.003);
});
