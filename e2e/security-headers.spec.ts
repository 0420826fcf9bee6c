import { expect, test } from '@playwright/test';
import { ask, expectedFinal, lastAnswer } from './helpers';

// The page runs under its Content-Security-Policy with nothing blocked: the inline theme script
// (allowed by its hash), the bundle and the API calls.
test('the page works under its CSP, and nothing is blocked', async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    );
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto('/?theme=dark');
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  // The inline script ran: the forced theme is on the root before the app starts.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const question = 'Show me a TypeScript example';
  const answer = await ask(page, question);
  await expect(answer).toContainText(expectedFinal(question).slice(0, 40), { timeout: 20_000 });
  expect(violations).toEqual([]);
  expect(errors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
  await expect(lastAnswer(page)).toBeVisible();
});

test('another site cannot frame the page or start a turn with a simple cross-site request', async ({ request }) => {
  const response = await request.post('/api/cascade', {
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example' },
    data: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
  });
  expect([403, 415]).toContain(response.status());
  const body = await response.json();
  expect(['origin_not_allowed', 'unsupported_media_type']).toContain(body.error.code);
});
