import { expect, type Page, test } from '@playwright/test';
import { ask, expectedDraft, expectedFinal } from './helpers';

/**
 * The composer while an answer improves, and the stock chat actions, in the demo (production
 * build, simulator lanes: the draft stands ~2 s before the final replaces it).
 */

const answers = (page: Page) => page.getByRole('log').locator('[data-role="assistant"]');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Message')).toBeEditable();
});

test('the composer is never locked while a readable answer exists: the second question goes while the first improves', async ({
  page,
}) => {
  test.setTimeout(60_000);
  // slow-final: the draft stands ~4 s before the final replaces it, wide enough to send within.
  await page.goto('/?scenario=slow-final');
  const first = 'Why send early?';
  const second = 'And what happens to the first answer?';
  const answer = await ask(page, first);
  await expect(answer).toHaveAttribute('data-status', 'refining');
  await expect(answer).toContainText(expectedDraft(first));
  const history = page.waitForRequest(
    (request) => new URL(request.url()).pathname === '/api/cascade' && request.method() === 'POST',
  );
  const next = await ask(page, second);
  // The new turn's history holds the draft shown at send time.
  const body = (await history).postDataJSON() as { messages: { role: string; content: string }[] };
  expect(body.messages).toEqual([
    { role: 'user', content: first },
    { role: 'assistant', content: expectedDraft(first) },
    { role: 'user', content: second },
  ]);
  // The first keeps improving in the background and upgrades (not accepted nor stopped: the
  // final text arrives); the second answers too. No check that it is still refining right after
  // sending: on a busy machine the 5 s window can close by then, and the upgrade below proves it.
  await expect(answer).toHaveAttribute('data-status', 'final', { timeout: 15_000 });
  await expect(answer).toContainText(expectedFinal(first));
  await expect(next).toHaveAttribute('data-status', 'final', { timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Improved answer ready.' })).toBeAttached();
});

test('while the answer above has nothing readable yet, Send waits and says why; the text stays', async ({ page }) => {
  // slow-draft: the draft streams for seconds, so the second Enter lands before anything is readable
  // however busy the machine (the default draft could finish in between).
  await page.goto('/?scenario=slow-draft');
  await page.getByLabel('Message').fill('Tell me a long story about retries.');
  await page.keyboard.press('Enter');
  await expect(answers(page).last()).toHaveAttribute('data-status', /pending|drafting/);
  await page.getByLabel('Message').fill('Too soon');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Send works as soon as the answer above is readable/)).toBeVisible();
  await expect(page.getByLabel('Message')).toHaveValue('Too soon');
  await expect(answers(page)).toHaveCount(1);
});

test('copy, edit (truncates) and regenerate', async ({ page, context }) => {
  test.setTimeout(60_000); // four whole turns of ~5 s each
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const question = 'What is a lane?';
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', 'final');
  await answer.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(answer.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedFinal(question));

  const second = await ask(page, 'And a chain?');
  await expect(second).toHaveAttribute('data-status', 'final');
  // Regenerate the first answer: in place, and the conversation after it goes (truncate).
  await answer.getByRole('button', { name: 'Regenerate' }).click();
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page).first()).toHaveAttribute('data-status', 'final');

  // Edit the question: the edited text is answered again.
  const you = page.getByRole('article', { name: 'You' }).first();
  await you.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('What is a lane, briefly?');
  await page.getByRole('button', { name: 'Save and send' }).click();
  await expect(you).toContainText('What is a lane, briefly?');
  await expect(answers(page).first()).toHaveAttribute('data-status', 'final');
  await expect(answers(page).first()).toContainText(expectedFinal('What is a lane, briefly?'));
});
