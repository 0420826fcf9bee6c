/**
 * The screenshots under docs/screenshots/, taken from the demo's production build with the
 * simulator. Skipped unless asked for:
 *
 *   DOCS_SCREENSHOTS=1 pnpm exec playwright test -c e2e/playwright.config.ts docs-screenshots
 */
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { ask } from './helpers';

test.skip(!process.env.DOCS_SCREENSHOTS, 'Set DOCS_SCREENSHOTS=1 to write docs/screenshots/*.png.');
test.setTimeout(60_000);

const folder = join(import.meta.dirname, '..', 'docs', 'screenshots');
const save = (page: Page, name: string) => page.screenshot({ path: join(folder, `${name}.png`) });
const desktop = { width: 1280, height: 800 };

test('draft streaming, then improved', async ({ page }) => {
  await page.setViewportSize(desktop);
  await page.goto('/');
  const first = await ask(page, 'How do circuit breakers work?');
  await expect(first).toHaveAttribute('data-status', 'final');
  // The simulator answers this one with a table: the draft's, then the final's, a row longer.
  const second = await ask(page, 'Compare a fast and a large model in a table');
  // The draft's table, while the larger model has not answered yet.
  await expect(second.getByRole('row')).toHaveCount(4);
  await expect(second).toHaveAttribute('data-status', /drafting|refining/);
  await save(page, 'draft-streaming');
  await expect(second).toHaveAttribute('data-status', 'final');
  await save(page, 'improved');
});

test('the quick answer stands when the larger model is down', async ({ page }) => {
  await page.setViewportSize(desktop);
  await page.goto('/?scenario=final-fails');
  const answer = await ask(page, 'What if the larger model is down?');
  await expect(answer).toHaveAttribute('data-status', 'draft-only');
  await save(page, 'quick-answer-stands');
});

test('dark theme', async ({ page }) => {
  await page.setViewportSize(desktop);
  await page.goto('/?theme=dark');
  const first = await ask(page, 'What does a speculative cascade save?');
  await expect(first).toHaveAttribute('data-status', 'final');
  const second = await ask(page, 'Which model answered?');
  await expect(second).toHaveAttribute('data-status', 'refining');
  await save(page, 'dark');
});

test('phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const answer = await ask(page, 'How do retries with backoff work?');
  await expect(answer).toHaveAttribute('data-status', 'final');
  await save(page, 'phone');
});
