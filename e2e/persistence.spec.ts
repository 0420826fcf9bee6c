import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { ask, cspViolations, expectedDraft, expectedFinal } from './helpers';

/**
 * The demo keeps its conversation across reloads (`persist`, localStorage): real reloads of the
 * production build in Chromium. Playwright gives every test a fresh context, so each starts empty.
 */

const answers = (page: Page) => page.getByRole('log').locator('[data-role="assistant"]');
const saved = (page: Page) => page.evaluate(() => localStorage.getItem('cascadekit-demo:conversation'));
/**
 * Chromium delivers the page's downloads at `bytesPerSecond` (network emulation over CDP) until the
 * returned function lifts the limit; the limit outlives a reload.
 */
async function slowDownloads(page: Page, bytesPerSecond: number): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  const conditions = (downloadThroughput: number) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput,
      uploadThroughput: -1,
    });
  await cdp.send('Network.enable');
  await conditions(bytesPerSecond);
  return async () => {
    await conditions(-1);
    await cdp.detach();
  };
}

/** What the demo saved in IndexedDB (idb-keyval's database and store), as JSON; read only once the page created them. */
const savedInIndexedDb = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('cascadekit');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result
            .transaction('conversations')
            .objectStore('conversations')
            .get('cascadekit-demo:conversation');
          read.onsuccess = () => resolve(JSON.stringify(read.result ?? null));
          read.onerror = () => reject(read.error);
        };
      }),
  );

test('a conversation survives a reload, under the page’s CSP with nothing blocked', async ({ page }) => {
  const blocked = await cspViolations(page);
  const response = await page.goto('/');
  // The persistence chunk is a script of this origin and storage is no fetch: the policy allows both.
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  const question = 'Will you remember this after a reload?';
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', 'final');
  await expect(answer).toContainText(expectedFinal(question));

  await page.reload();
  await expect(page.getByRole('log').getByText(question, { exact: true })).toBeVisible();
  const back = answers(page);
  await expect(back).toHaveCount(1);
  await expect(back).toHaveAttribute('data-status', 'final');
  await expect(back).toContainText(expectedFinal(question));
  await expect(back.getByText('Improved', { exact: true })).toBeVisible();
  // The conversation goes on from there: the next question carries the restored history.
  const history = page.waitForRequest(
    (request) => new URL(request.url()).pathname === '/api/cascade' && request.method() === 'POST',
  );
  await ask(page, 'And a second question?');
  const body = (await history).postDataJSON() as { messages: { role: string; content: string }[] };
  expect(body.messages).toEqual([
    { role: 'user', content: question },
    { role: 'assistant', content: expectedFinal(question) },
    { role: 'user', content: 'And a second question?' },
  ]);
  expect(blocked).toEqual([]);
});

test('an answer running at reload shows interrupted with Retry, and Retry answers it in place', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  const question = 'What if I reload while you answer?';
  // A slow network holds the answer mid-stream for many seconds, so the reload comes while the
  // turn still runs even on a busy machine.
  const release = await slowDownloads(page, 1000);
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', /^(drafting|refining)$/);
  // Its first words are saved within a second of arriving (`throttleMs`).
  await expect
    .poll(async () => (await saved(page)) ?? '', { timeout: 20_000 })
    .toContain(`"text":"${expectedDraft(question).split(' ').slice(0, 2).join(' ')}`);
  await expect(answer).toHaveAttribute('data-status', /^(drafting|refining)$/);
  // Lifted once the reload has replaced the page (the old one is gone, mid-answer), so the new
  // page loads at full speed and the held answer never arrives in the old one.
  await page.reload({ waitUntil: 'commit' });
  await release();

  const back = answers(page);
  await expect(back).toHaveCount(1);
  await expect(back).toHaveAttribute('data-status', 'interrupted');
  await expect(back.getByText('Interrupted', { exact: true })).toBeVisible();
  await expect(back.getByText('The page was closed or reloaded before the answer finished.')).toBeVisible();
  // What had streamed stays readable.
  await expect(back.locator('.ck-text')).toContainText(expectedDraft(question).split(' ').slice(0, 2).join(' '));
  const retry = back.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();
  // Nothing runs after the reload: Send works, Stop has nothing to stop.
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await retry.click();
  await expect(back).toHaveAttribute('data-status', 'final', { timeout: 30_000 });
  await expect(back).toContainText(expectedFinal(question));
  await expect(answers(page)).toHaveCount(1);
  await expect(page.getByRole('log').getByText(question, { exact: true })).toHaveCount(1);

  // And that answer is what the next reload shows.
  await page.reload();
  await expect(answers(page)).toHaveAttribute('data-status', 'final');
  await expect(answers(page)).toContainText(expectedFinal(question));
});

test('with ?storage=indexeddb the conversation is kept in IndexedDB and survives a reload too', async ({ page }) => {
  await page.goto('/?storage=indexeddb');
  const question = 'Will IndexedDB keep this?';
  const answer = await ask(page, question);
  await expect(answer).toHaveAttribute('data-status', 'final');
  await expect.poll(() => savedInIndexedDb(page)).toContain(expectedFinal(question));
  expect(await saved(page)).toBeNull();

  await page.reload();
  await expect(page.getByRole('log').getByText(question, { exact: true })).toBeVisible();
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page)).toHaveAttribute('data-status', 'final');
  await expect(answers(page)).toContainText(expectedFinal(question));
});

test('New chat clears the saved conversation too', async ({ page }) => {
  await page.goto('/');
  const answer = await ask(page, 'Forget this after New chat?');
  await expect(answer).toHaveAttribute('data-status', 'final');
  await expect.poll(() => saved(page)).not.toBeNull();

  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('log').locator('[data-role]')).toHaveCount(0);
  await expect.poll(() => saved(page)).toBeNull();
  await page.reload();
  await expect(page.getByRole('button', { name: 'List the steps of a cascade turn' })).toBeVisible();
  await expect(page.getByRole('log').locator('[data-role]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New chat' })).toBeDisabled();
});
