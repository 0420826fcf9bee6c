import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, pick, scriptedFetch } from '../../__fixtures__/scripted-fetch.js';
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
  // Cost in plain view, outside the trace: honestly signed against the large model alone.
  await expect
    .poll(() => pick(answer, '.ck-cost')?.textContent)
    .toBe('Cost $0.0015 · saved $0.0045 (75%) against the large model alone');
  expect(pick(answer, '.ck-cost')?.dataset.saving).toBe('saved');
  await userEvent.click(answer.getByText('Details'));
  await expect.element(answer.getByText('sim-backup (final)')).toBeVisible();
  await expect.element(answer.getByText('failed: The model did not start answering in time.')).toBeVisible();
  await expect.element(answer.getByRole('table', { name: 'Attempts' })).toBeVisible();
  expect(answer.element().querySelectorAll('.ck-trace-facts dd')[2]?.textContent).toBe('1300 ms');
  const table = answer.getByRole('table', { name: 'Attempts' });
  expect(table.getByRole('row').all()).toHaveLength(4); // header + draft + two final attempts
  // The same turn as a picture, hidden from assistive technology (the table holds the facts).
  const picture = pick(answer, '.ck-timeline svg') as HTMLElement;
  expect(picture.getAttribute('aria-hidden')).toBe('true');
  expect(picture.querySelectorAll('rect')).toHaveLength(3);
  expect(picture.querySelector('[data-outcome="failed"] text')?.textContent).toBe('timeout-first-token');
  expect(picture.querySelector('.ck-timeline-swap')).not.toBeNull();
});

test('a lane the answer no longer needed reads "not needed", not failed; a turn that cost more says so', async () => {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Fast final');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  const turn = await server.nextTurn();
  // The final lane wins while the draft still streams; the server then cancels the draft.
  turn.emit(
    ...OPENING,
    { type: 'delta', lane: 'draft', text: 'A slow dr' },
    { type: 'delta', lane: 'final', text: 'The final answer.' },
    { type: 'lane-done', lane: 'final', model: 'sim-large', text: 'The final answer.' },
  );
  const answer = page.getByRole('article', { name: 'Assistant' });
  await expect.element(answer).toHaveAttribute('data-status', 'final');
  turn.emit(
    { type: 'lane-failed', lane: 'draft', reason: 'superseded', message: 'The answer settled without it.' },
    {
      type: 'settled',
      winner: 'final',
      model: 'sim-large',
      summary: { attempts: [], costUsd: 0.006, baselineCostUsd: 0.005, durationMs: 900 },
    },
    { type: 'done' },
  );
  await expect
    .poll(() => pick(answer, '.ck-cost')?.textContent)
    .toBe('Cost $0.006 · $0.001 (20%) more than the large model alone');
  await userEvent.click(answer.getByText('Details'));
  const draftRow = answer.getByRole('row').nth(1);
  await expect.element(draftRow).toHaveTextContent('not needed');
  await expect.element(draftRow).toHaveAttribute('data-outcome', 'not-needed');
  expect(answer.getByText(/failed/).query()).toBeNull();
});
