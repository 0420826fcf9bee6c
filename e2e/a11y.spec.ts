import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ask } from './helpers';

const analyze = (page: import('@playwright/test').Page) =>
  new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the demo (${theme}), before, during and after an answer`, async ({ page }) => {
    // Three whole-page axe runs and a turn: each run takes seconds on a busy machine (one ran
    // past the default 30 s at load 14), and nothing here is a timing claim.
    test.setTimeout(60_000);
    await page.goto(`/?theme=${theme}`);
    await expect(page.getByLabel('Message')).toBeEditable();
    expect((await analyze(page)).violations).toEqual([]);

    const answer = await ask(page, 'Is this page accessible?');
    // Mid-turn too: the provisional draft and the busy status must stay readable.
    await expect(answer).toHaveAttribute('data-status', 'refining');
    expect((await analyze(page)).violations).toEqual([]);
    await expect(answer).toHaveAttribute('data-status', 'final');
    expect((await analyze(page)).violations).toEqual([]);
  });
}
