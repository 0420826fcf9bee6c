import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { ask, expectedDraft } from './helpers';

/**
 * Relative luminance (0 black … 1 white) of the colour behind an element: its own background, else
 * the nearest ancestor's, else the canvas colour of the page's colour scheme.
 */
async function backgroundLuminance(page: Page, selector: string): Promise<number> {
  const color = await page
    .locator(selector)
    .first()
    .evaluate((element) => {
      for (let node: Element | null = element; node; node = node.parentElement) {
        const background = getComputedStyle(node).backgroundColor;
        if (!/^rgba\(.*, 0\)$|^transparent$/.test(background)) return background;
      }
      const probe = document.documentElement.appendChild(document.createElement('div'));
      probe.style.backgroundColor = 'Canvas';
      const canvas = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return canvas;
    });
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

const isDark = async (page: Page, selector: string) => (await backgroundLuminance(page, selector)) < 0.05;

test('the whole page is dark under a dark system setting, and the Theme setting overrides it both ways', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByLabel('Message')).toBeEditable();
  expect(await isDark(page, 'body')).toBe(true);
  expect(await isDark(page, '.demo-header')).toBe(true);
  expect(await isDark(page, '.ck-root')).toBe(true);

  await page.getByRole('radio', { name: 'Light' }).check();
  expect(await isDark(page, 'body')).toBe(false);
  expect(await isDark(page, '.ck-root')).toBe(false);
  await expect(page).toHaveURL(/theme=light/);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('radio', { name: 'Dark' }).check();
  expect(await isDark(page, 'body')).toBe(true);
  expect(await isDark(page, '.demo-header')).toBe(true);
  expect(await isDark(page, '.ck-root')).toBe(true);
  // A forced theme holds from the first paint of a reload.
  await page.reload();
  expect(await isDark(page, 'body')).toBe(true);
});

test('the settings are labelled groups driven by the keyboard: Tab into a group, arrows change it', async ({
  page,
}) => {
  await page.goto('/');
  const merge = page.getByRole('group', { name: 'Improved answer' });
  await expect(merge).toHaveAccessibleDescription(/takes the draft’s place/);
  await merge.getByRole('radio', { name: 'Replace' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(merge.getByRole('radio', { name: 'Append' })).toBeChecked();
  await expect(merge).toHaveAccessibleDescription(/appears below the draft/);
  await expect(page).toHaveURL(/merge=append/);
  await page.keyboard.press('Tab');
  await expect(
    page.getByRole('group', { name: 'Reveal the larger model’s text' }).getByRole('radio', { checked: true }),
  ).toBeFocused();
});

test('a new scenario applies from the next question and keeps the conversation; New chat clears it', async ({
  page,
}) => {
  await page.goto('/');
  const first = await ask(page, 'First, with both models up?');
  await expect(first).toHaveAttribute('data-status', 'final');

  await page.getByLabel('Simulator scenario').selectOption({ label: 'Larger model down' });
  await expect(page).toHaveURL(/scenario=final-fails/);
  // The earlier turn is still there, as it was.
  await expect(page.getByRole('log').getByText('First, with both models up?', { exact: true })).toBeVisible();
  await expect(first).toHaveAttribute('data-status', 'final');

  const question = 'And now, with the larger model down?';
  const second = await ask(page, question);
  await expect(second).toHaveAttribute('data-status', 'draft-only');
  await expect(second).toContainText(expectedDraft(question));
  await expect(first).toHaveAttribute('data-status', 'final');

  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('log').locator('[data-role]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New chat' })).toBeDisabled();
});

test('a suggested question is sent with one click', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'List the steps of a cascade turn' }).click();
  const answer = page.getByRole('log').locator('[data-role="assistant"]');
  await expect(answer).toHaveCount(1);
  await expect(page.getByRole('log').getByText('List the steps of a cascade turn', { exact: true })).toBeVisible();
});

test('the suggested questions are answered in markdown: a table, code and a list, the draft first, then the final', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Compare a fast and a large model in a table' }).click();
  const table = page.getByRole('log').locator('[data-role="assistant"]').first();
  // The draft's table (a head and three rows), then the final's, one row longer.
  await expect(table.getByRole('table').getByRole('row')).toHaveCount(4);
  await expect(table).toHaveAttribute('data-status', 'final');
  await expect(table.getByRole('table').getByRole('row')).toHaveCount(5);
  await expect(table.getByRole('columnheader', { name: 'Large model' })).toBeVisible();

  const code = await ask(page, 'Show retry with backoff in TypeScript');
  await expect(code.locator('pre code')).toContainText('baseDelayMs * 2 ** attempt');
  await expect(code.locator('pre code')).not.toContainText('maxDelayMs');
  await expect(code).toHaveAttribute('data-status', 'final');
  await expect(code.locator('pre code')).toContainText('Math.min(maxDelayMs, baseDelayMs * 2 ** attempt)');

  const steps = await ask(page, 'List the steps of a cascade turn');
  await expect(steps.getByRole('listitem')).toHaveCount(3);
  await expect(steps).toHaveAttribute('data-status', 'final');
  await expect(steps.getByRole('listitem')).toHaveCount(4);
  await expect(steps.getByRole('listitem').last()).toHaveText('Validators check the final answer when it completes.');
});

test('on a phone the settings open behind a button, and axe finds no violations with them open', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('lanes')).toContainText('sim-large');
  const toggle = page.getByRole('button', { name: 'Settings' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('group', { name: 'Improved answer' })).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('group', { name: 'Improved answer' })).toBeVisible();
  await expect(page.getByLabel('Message')).toBeInViewport({ ratio: 1 });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  expect(results.violations).toEqual([]);
});
