import { expect, type Locator, type Page } from '@playwright/test';
import { answerShape, simulatedAnswer } from '../packages/server/src/simulator';

/**
 * The simulator's answers are deterministic for a seed and a question, so the tests know the exact
 * draft and final texts. Seeds and sentence counts match `apps/demo/lanes.ts`. Only prose reads on
 * the page as it was sent: a question that asks for a table, code or a list is answered in
 * markdown, whose rendered parts a test checks instead (see `answerShape`).
 */
export const expectedDraft = (question: string) => prose(question, simulatedAnswer(question, 1, 3));
export const expectedFinal = (question: string) => prose(question, simulatedAnswer(question, 2, 4));

function prose(question: string, text: string): string {
  const shape = answerShape(question);
  if (shape !== 'prose') {
    throw new Error(`"${question}" is answered with a markdown ${shape}: check the rendered ${shape}, not the text.`);
  }
  return text;
}

/** The newest answer of the conversation. */
export function lastAnswer(page: Page): Locator {
  return page.getByRole('log').locator('[data-role="assistant"]').last();
}

/** Types `question` into the composer and sends it with the Send button. */
export async function ask(page: Page, question: string): Promise<Locator> {
  const answers = page.getByRole('log').locator('[data-role="assistant"]');
  const before = await answers.count();
  await page.getByLabel('Message').fill(question);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(answers).toHaveCount(before + 1);
  await expect(page.getByRole('log').getByText(question, { exact: true }).last()).toBeVisible();
  // A fixed index: `.last()` would move on to the next question's answer.
  return answers.nth(before);
}

/** Live stream counts of the demo's simulated upstreams (test hook of `apps/demo/server.ts`). */
export interface StreamStats {
  active: number;
  started: number;
  cancelled: number;
  finished: number;
}

export async function streamStats(page: Page): Promise<StreamStats> {
  const response = await page.request.get('/api/_test/streams');
  expect(response.ok()).toBe(true);
  return (await response.json()) as StreamStats;
}

/**
 * Collects what the page's Content-Security-Policy blocks from now on, across reloads: each
 * violation as `directive blocked-uri`. Call before the first `goto`.
 */
export async function cspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    );
  });
  return violations;
}
