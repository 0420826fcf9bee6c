/**
 * Benchmark 1c: render cost. Chromium loads each page fresh, the harness sends one message,
 * and the page renders an answer of N tokens streamed in-page at ~2,000 tokens/s. Main-thread
 * time is the delta of CDP `Performance.getMetrics` TaskDuration from send to the last token
 * on screen; long tasks come from a PerformanceObserver('longtask') in the page.
 */
import type { Browser } from 'playwright-core';
import { round, type Summary, summarize } from '../stats';
import { RENDER_PAGES, type RenderPage } from './build-pages';

export interface RenderRun {
  page: RenderPage;
  tokens: number;
  taskMs: Summary;
  /** Main-thread µs per token over the whole answer (median run). */
  usPerToken: number;
  longTasks: number;
  longestTaskMs: number;
}

export interface RenderResult {
  page: RenderPage;
  label: string;
  runs: RenderRun[];
  /** Slope between the smallest and largest answer: main-thread µs per additional token. */
  marginalUsPerToken?: number;
  /** µs/token at the largest size over µs/token at the smallest: ~1 when cost is linear. */
  linearity?: number;
}

const LABELS: Record<RenderPage, string> = {
  'render-dom': 'Plain DOM text appends (one <p> per paragraph)',
  'render-cascade': '<CascadeChat> (defaults: markdown, frame batching)',
  'render-aisdk': 'AI SDK useChat (ai 6.0.325, @ai-sdk/react 3.0.328)',
};

async function taskSeconds(cdp: {
  send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
}) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
}

async function runOnce(browser: Browser, baseUrl: string, page: RenderPage, tokens: number) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.goto(`${baseUrl}/${page}.html?tokens=${tokens}`, { waitUntil: 'load' });
    await tab.locator('textarea').fill('Write a long answer.');
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    const before = await taskSeconds(cdp);
    const sentAt = await tab.evaluate(() => performance.now());
    await tab.locator('button[type=submit]').first().click();
    await tab.waitForFunction(() => document.body.textContent?.includes('zzend'), null, {
      polling: 100,
      timeout: 120_000,
    });
    // Let the last frame commit before reading the counter.
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await taskSeconds(cdp);
    const longTasks = await tab.evaluate(
      (since) =>
        // Long tasks reach observers only (pages/long-tasks.ts), not the performance timeline.
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
          .filter((t) => t.start >= since)
          .map((t) => t.duration),
      sentAt,
    );
    return { taskMs: (after - before) * 1000, longTasks };
  } finally {
    await context.close();
  }
}

export async function runRenderSuite(
  browser: Browser,
  baseUrl: string,
  options: { sizes: number[]; reps: number; log: (line: string) => void },
): Promise<RenderResult[]> {
  const results: RenderResult[] = [];
  for (const page of RENDER_PAGES) {
    const runs: RenderRun[] = [];
    for (const tokens of options.sizes) {
      options.log(`render: ${page} × ${tokens} tokens`);
      const samples: number[] = [];
      const longs: number[] = [];
      for (let rep = 0; rep < options.reps; rep++) {
        const run = await runOnce(browser, baseUrl, page, tokens);
        samples.push(run.taskMs);
        longs.push(...run.longTasks);
      }
      const taskMs = summarize(samples);
      runs.push({
        page,
        tokens,
        taskMs,
        usPerToken: round((taskMs.median * 1000) / tokens),
        longTasks: longs.length,
        longestTaskMs: round(Math.max(0, ...longs)),
      });
    }
    const small = runs[0];
    const large = runs[runs.length - 1];
    const result: RenderResult = { page, label: LABELS[page], runs };
    if (small && large && large.tokens > small.tokens) {
      result.marginalUsPerToken = round(
        ((large.taskMs.median - small.taskMs.median) * 1000) / (large.tokens - small.tokens),
      );
      result.linearity = round(large.usPerToken / small.usPerToken);
    }
    results.push(result);
  }
  return results;
}
