import { expect, test } from '@playwright/test';
import { ask, expectedDraft, expectedFinal, streamStats } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Message')).toBeEditable();
});

test('a question shows the draft first, then the final answer replaces it and reads final', async ({ page }) => {
  const question = 'How do circuit breakers work?';
  const draft = expectedDraft(question);
  const final = expectedFinal(question);
  expect(draft).not.toEqual(final);

  const answer = await ask(page, question);
  // The draft stands in the view until the final lane's answer is validated (reveal on-validated).
  await expect(answer).toContainText(draft);
  await expect(answer).not.toHaveAttribute('data-status', 'final');
  await expect(answer.locator('.ck-status')).toContainText(/Answering|Improving/);

  await expect(answer).toHaveAttribute('data-status', 'final');
  await expect(answer).toContainText(final);
  await expect(answer).not.toContainText(draft);
  await expect(answer.locator('.ck-status')).toContainText('Improved');
  // The model's name is in the trace, not in the status line.
  await expect(answer.locator('.ck-status')).not.toContainText('sim-large');
});

test('stop while drafting ends both lanes, on the server too, and the next question works', async ({ page }) => {
  // A slow quick model: the draft is still streaming when Stop is pressed, however busy the machine.
  await page.goto('/?scenario=slow-draft');
  await expect(page.getByLabel('Message')).toBeEditable();
  const before = await streamStats(page);
  const answer = await ask(page, 'Tell me a long story about retries.');
  // Some draft text is visible: the draft lane streams and the final lane waits for its first token.
  await expect(answer).toHaveAttribute('data-status', /drafting|streaming/);
  await expect(answer).toContainText('You asked');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped');

  // Both upstream streams of the turn were cancelled, none ran to its end.
  await expect.poll(async () => (await streamStats(page)).active).toBe(0);
  const after = await streamStats(page);
  expect(after.started - before.started).toBe(2);
  expect(after.cancelled - before.cancelled).toBe(2);
  expect(after.finished - before.finished).toBe(0);

  const next = await ask(page, 'And a short one?');
  await expect(next).toHaveAttribute('data-status', 'final');
  await expect(next).toContainText(expectedFinal('And a short one?'));
  // The stopped answer keeps its state and its text.
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(answer).toContainText('You asked');
});

test('when the final model fails the draft stands, marked draft-only', async ({ page }) => {
  await page.goto('/?scenario=final-fails');
  const question = 'What if the big model is down?';
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', 'draft-only');
  await expect(answer).toContainText(expectedDraft(question));
});

test('when the first final model fails the lane falls back to the next one, whose answer stands', async ({ page }) => {
  await page.goto('/?scenario=final-fallback');
  const answer = await ask(page, 'Is there a plan B?');
  await expect(answer).toHaveAttribute('data-status', 'final');
  await answer.getByText('Details').click();
  await expect(answer.getByRole('table', { name: 'Attempts' })).toContainText('sim-large-b');
});

test('when both lanes fail the answer reads error with Retry, and the question is kept', async ({ page }) => {
  await page.goto('/?scenario=all-fail');
  const question = 'Does anything work?';
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByRole('log').getByText(question, { exact: true })).toBeVisible();
});

test('early accept: a draft that passes stands at once and the final model is cancelled upstream', async ({ page }) => {
  await page.goto('/?earlyAccept=on');
  const before = await streamStats(page);
  const question = 'Is the draft good enough?';
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', 'accepted');
  await expect(answer).toContainText('It passed the check, so improving it was skipped.');
  await expect(answer).toContainText(expectedDraft(question));
  await expect.poll(async () => (await streamStats(page)).active).toBe(0);
  const after = await streamStats(page);
  // The draft's stream ran to its end; the final model's was cancelled before it finished.
  expect(after.finished - before.finished).toBe(1);
  expect(after.cancelled - before.cancelled).toBe(1);
});
