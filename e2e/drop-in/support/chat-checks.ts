import { expect, type Page } from '@playwright/test';
import { ask, expectedDraft, expectedFinal } from '../../helpers';

// What a user sees in a fresh app that follows the README's quick start, against the example
// chains (apps/next/src/chains.ts): the draft streams first, then the final answer replaces it;
// the final lane's first model (sim-flaky) fails once, so its breaker opens and the chat's
// health notice names it; Stop ends a running turn and the chat goes on.

/** Sends a message and sees the draft, then the final answer in its place. */
export async function draftThenFinal(page: Page, pageUrl: string, endpoint: string): Promise<void> {
  await page.goto(pageUrl);
  await expect(page.getByLabel('Message')).toBeEditable();
  const question = 'How do circuit breakers work?';
  const streamed = page.waitForResponse((response) => new URL(response.url()).pathname === endpoint);
  const answer = await ask(page, question);
  const response = await streamed;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^text\/event-stream/);

  await expect(answer).toContainText(expectedDraft(question));
  await expect(answer).not.toHaveAttribute('data-status', 'final');
  await expect(answer).toHaveAttribute('data-status', 'final');
  await expect(answer).toContainText(expectedFinal(question));
  await expect(answer).not.toContainText(expectedDraft(question));
  await expect(answer.locator('.ck-status')).toContainText('Improved');
}

/** After a turn, the health route and the chat's notice name the model whose breaker opened. */
export async function healthNotice(page: Page, pageUrl: string, healthUrl: string): Promise<void> {
  const health = await page.request.get(healthUrl);
  expect(health.status()).toBe(200);
  const report = (await health.json()) as { breakers: Record<string, { state: string }> };
  expect(report.breakers['sim-flaky']?.state).toBe('open');
  expect(report.breakers['sim-large']?.state).toBe('closed');

  await page.goto(pageUrl);
  await expect(page.getByText(/Unavailable right now: sim-flaky/)).toBeVisible();
}

/**
 * Stop while the draft streams: the answer reads stopped, and the next question is answered. The
 * question asks for code, the longest draft of the example chains (about 4 s at 20 tokens/s), and
 * nothing but its first text is awaited between Send and Stop, so Stop lands while the draft
 * streams on a loaded machine too (after the draft, Stop accepts it instead).
 */
export async function stopThenContinue(page: Page, pageUrl: string): Promise<void> {
  await page.goto(pageUrl);
  const answer = page.getByRole('log').locator('[data-role="assistant"]').first();
  await page.getByLabel('Message').fill('Write a TypeScript function that retries.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(answer).toContainText('You asked');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped');

  const next = await ask(page, 'And a short one?');
  await expect(next).toHaveAttribute('data-status', 'final');
  await expect(next).toContainText(expectedFinal('And a short one?'));
  await expect(answer).toHaveAttribute('data-status', 'stopped');
}
