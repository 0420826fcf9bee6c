import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, scriptedFetch } from '../../__fixtures__/scripted-fetch.js';
import { CascadeChat } from '../chat/cascade-chat.js';

test('the trace shows attempts with reasons, the serving model, latency, cost and saving', async () => {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Trace me');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  const turn = await server.nextTurn();
  turn.emit(
    ...OPENING,
    { type: 'delta', lane: 'draft', text: 'Draft' },
    { type: 'lane-done', lane: 'draft', model: 'sim-fast', text: 'Draft' },
    {
      type: 'attempt-failed',
      lane: 'final',
      attempt: 0,
      model: 'sim-large',
      reason: 'timeout-first-token',
      message: 'No first token in time.',
      next: 'fallback',
      report: { lane: 'final', attempt: 0, model: 'sim-large', outcome: 'failed', durationMs: 800 },
    },
    { type: 'reset', lane: 'final', reason: 'timeout-first-token' },
    { type: 'attempt-start', lane: 'final', attempt: 1, model: 'sim-backup', provider: 'simulator' },
    { type: 'delta', lane: 'final', text: 'Final from backup' },
    {
      type: 'lane-done',
      lane: 'final',
      model: 'sim-backup',
      text: 'Final from backup',
      report: {
        lane: 'final',
        attempt: 1,
        model: 'sim-backup',
        outcome: 'ok',
        ttftMs: 120,
        durationMs: 400,
        costUsd: 0.001,
      },
    },
    {
      type: 'settled',
      winner: 'final',
      model: 'sim-backup',
      summary: { attempts: [], costUsd: 0.0015, baselineCostUsd: 0.006, durationMs: 1300 },
    },
    { type: 'done' },
  );
  const answer = page.getByRole('article', { name: 'Assistant' });
  await expect.element(answer).toHaveAttribute('data-status', 'final');
  await userEvent.click(answer.getByText('Trace'));
  await expect.element(answer.getByText('sim-backup (final lane)')).toBeVisible();
  await expect.element(answer.getByText('failed: timeout-first-token')).toBeVisible();
  await expect.element(answer.getByText('1300 ms')).toBeVisible();
  await expect.element(answer.getByText('$0.00150')).toBeVisible();
  await expect.element(answer.getByText('$0.00450 (75% vs. the large model alone)')).toBeVisible();
  expect(answer.getByRole('row').all()).toHaveLength(4); // header + draft + two final attempts
});
