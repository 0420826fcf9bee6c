import { expect, type Locator, type Page, test } from '@playwright/test';
import { ask, expectedFinal } from './helpers';

// Ten turns need quick models: the second demo server of playwright.config.ts.
const fastPort = process.env.E2E_FAST_PORT;
if (!fastPort) throw new Error('E2E_FAST_PORT is unset: run with -c e2e/playwright.config.ts.');
test.use({ baseURL: `http://127.0.0.1:${fastPort}` });

const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} has no box.`);
  return found;
};

/** The page itself never scrolls, the composer is whole in the window, the end of `answer` is in view. */
async function expectChatInView(page: Page, answer: Locator) {
  const { height } = page.viewportSize() ?? { height: 0 };
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(height);
  await expect(page.getByLabel('Message')).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport({ ratio: 1 });
  const log = await box(page.getByRole('log'));
  expect(log.y + log.height).toBeLessThanOrEqual(height);
  // Auto-scroll may still be settling after the swap: poll until the answer's end is inside the log.
  await expect
    .poll(async () => {
      const end = await box(answer);
      return end.y + end.height <= log.y + log.height + 1 && end.y + end.height > log.y;
    })
    .toBe(true);
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`at ${viewport.width}×${viewport.height} the composer and the newest answer stay in view over 10 turns`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    await page.goto('/');
    for (let turn = 1; turn <= 10; turn++) {
      const question = `Question ${turn}: how do retries with backoff work?`;
      const answer = await ask(page, question);
      await expect(answer).toHaveAttribute('data-status', 'final');
      await expect(answer).toContainText(expectedFinal(question));
      await expectChatInView(page, answer);
    }
    // The messages scroll inside the chat: ten answers are far taller than the window.
    const log = page.getByRole('log');
    expect(await log.evaluate((element) => element.scrollHeight)).toBeGreaterThan(viewport.height * 2);
  });
}
