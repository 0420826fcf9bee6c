import { expect, type Page, test } from '@playwright/test';

declare global {
  interface Window {
    /** Sum of layout-shift scores without recent input, as Core Web Vitals count CLS. */
    __cls: number;
  }
}

/** Starts summing layout shifts before the page's first byte (Chromium's Layout Instability API). */
async function observeLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) window.__cls += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Two animation frames: a shift caused by the last change is reported by then. */
const nextFrames = (page: Page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`at ${viewport.width}×${viewport.height} nothing shifts while the page loads, even when the server answers late (CLS < 0.01)`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await observeLayoutShifts(page);
    // The model names and the scenario list come from /api/demo; hold it back so they surely arrive late.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/demo', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/');
    await expect(page.getByLabel('Message')).toBeEditable();
    await nextFrames(page);
    release();
    await expect(page.getByTestId('lanes')).toContainText('sim-large');
    await nextFrames(page);
    if (viewport.width >= 1000) await expect(page.getByLabel('Simulator scenario')).toBeEnabled();
    await nextFrames(page);
    const cls = await page.evaluate(() => window.__cls);
    test.info().annotations.push({ type: 'CLS', description: String(cls) });
    expect(cls).toBeLessThan(0.01);
  });
}

test('loading the page requests nothing that fails, and its icon is an SVG', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failed.push(`failed ${request.url()}`));
  await page.goto('/');
  await expect(page.getByTestId('lanes')).toContainText('sim-large');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await page.request.get(href ?? '');
  expect(icon.status()).toBe(200);
  // The server answers unknown paths with index.html, so the type is what proves the file exists.
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  expect(failed).toEqual([]);
});
