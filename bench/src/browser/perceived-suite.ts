/**
 * Benchmark 1b: perceived latency on the demo (production build) in Chromium. Per turn: send →
 * first `delta` bytes in the page, send → first visible character, send → swap to the validated
 * final answer, send → settled. The cascade page runs the demo's simulator lanes (draft 150 ms to
 * first token, final 1,200 ms); the large-model-only page runs the same final lane without a draft.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { benchDir, bundleChild } from '../build-child';
import { startChild } from '../gateway/child';
import { round, type Summary, summarize } from '../stats';

interface Marks {
  send: number | null;
  firstDelta: number | null;
  firstChar: number | null;
  firstPaint: number | null;
  swap: number | null;
  settled: number | null;
  status?: string;
}

export interface PerceivedResult {
  page: 'cascade' | 'large-only';
  label: string;
  turns: number;
  /** Send → first visible character of the answer (MutationObserver). */
  firstCharMs?: Summary;
  /** Send → the frame after the first character (requestAnimationFrame). */
  firstPaintMs?: Summary;
  /** First `delta` bytes in the page → first visible character: the UI's own delay. */
  renderDelayMs?: Summary;
  /** Send → swap to the validated final answer (cascade only). */
  swapMs?: Summary;
  /** Send → the answer settled. */
  settledMs?: Summary;
  statuses: string[];
}

const since = (marks: Marks, key: keyof Marks) => {
  const value = marks[key];
  return typeof value === 'number' && marks.send !== null ? value - marks.send : undefined;
};
const defined = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
const maybe = (values: number[]) => (values.length > 0 ? summarize(values) : undefined);

export async function runPerceivedSuite(
  browser: Browser,
  demoDist: string,
  options: { turns: number; log: (line: string) => void },
): Promise<PerceivedResult[]> {
  const entry = await bundleChild(join(benchDir, 'src/browser/demo-server.ts'));
  const init = readFileSync(join(benchDir, 'src/browser/perceived-init.js'), 'utf8');
  const results: PerceivedResult[] = [];
  for (const page of ['cascade', 'large-only'] as const) {
    options.log(`perceived: ${page}`);
    const server = await startChild(`demo-${page}`, [entry], { LANES: page, DEMO_DIST: demoDist });
    const all: Marks[] = [];
    try {
      for (let turn = 0; turn < options.turns; turn++) {
        const context = await browser.newContext();
        try {
          const tab = await context.newPage();
          await tab.addInitScript(init);
          await tab.goto(server.url, { waitUntil: 'load' });
          const input = tab.getByRole('textbox').first();
          await input.fill(`Question ${turn + 1}: how do speculative cascades work?`);
          await input.press('Enter');
          await tab.waitForFunction(
            () => (window as unknown as { __perceived: Marks }).__perceived.settled !== null,
            null,
            {
              timeout: 30_000,
            },
          );
          await tab.evaluate(
            () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
          );
          all.push(await tab.evaluate(() => (window as unknown as { __perceived: Marks }).__perceived));
        } finally {
          await context.close();
        }
      }
    } finally {
      await server.stop();
    }
    results.push({
      page,
      label:
        page === 'cascade'
          ? 'Demo: draft 150 ms + final 1,200 ms (cascade)'
          : 'Large model only (final lane, no draft)',
      turns: all.length,
      firstCharMs: maybe(defined(all.map((m) => since(m, 'firstChar')))),
      firstPaintMs: maybe(defined(all.map((m) => since(m, 'firstPaint')))),
      renderDelayMs: maybe(
        defined(
          all.map((m) => (m.firstChar !== null && m.firstDelta !== null ? m.firstChar - m.firstDelta : undefined)),
        ),
      ),
      swapMs: maybe(defined(all.map((m) => since(m, 'swap')))),
      settledMs: maybe(defined(all.map((m) => since(m, 'settled')))),
      statuses: all.map((m) => m.status ?? 'unknown'),
    });
  }
  const cascade = results.find((r) => r.page === 'cascade');
  const large = results.find((r) => r.page === 'large-only');
  if (cascade?.firstCharMs && large?.firstCharMs) {
    options.log(`perceived: first character ${round(large.firstCharMs.median / cascade.firstCharMs.median)}× sooner`);
  }
  return results;
}
