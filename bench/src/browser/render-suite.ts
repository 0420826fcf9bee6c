/**
 * Benchmark 1c: render cost. Chromium loads each page fresh, the harness types a message and
 * presses Enter (the pointer never rests over the page), and the page renders an answer of N
 * tokens streamed in-page, in two regimes: `burst` (256 tokens per chunk, as fast as the page
 * takes them, so the per-token work shows) and `paced` (8 tokens per 4 ms tick, ~2,000
 * tokens/s, so every frame renders a few tokens and per-frame layout and paint dominate).
 * Main-thread time is the delta of CDP `Performance.getMetrics` TaskDuration from send to the
 * last token on screen; long tasks come from a PerformanceObserver('longtask') in the page.
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

/** How the in-page source delivers the answer (pages/token-source.ts). */
export interface RenderRegime {
  name: 'burst' | 'paced';
  /** Tokens per chunk; one chunk per `setTimeout(0)` tick (clamped to 4 ms). */
  tokensPerTick: number;
}

export const RENDER_REGIMES: readonly RenderRegime[] = [
  { name: 'burst', tokensPerTick: 256 },
  { name: 'paced', tokensPerTick: 8 },
];

export interface RenderResult {
  page: RenderPage;
  label: string;
  /** Absent in results written before regimes existed (those were `paced`). */
  regime?: RenderRegime['name'];
  runs: RenderRun[];
  /** Slope between the smallest and largest answer: main-thread µs per additional token. */
  marginalUsPerToken?: number;
  /** µs/token at the largest size over µs/token at the smallest: ~1 when cost is linear. */
  linearity?: number;
}

const LABELS: Record<RenderPage, string> = {
  'render-dom': 'Plain DOM text appends (one `<p>` per paragraph)',
  'render-dom-follow': 'Plain DOM text appends, kept scrolled to the newest line',
  'render-cascade': '`<CascadeChat>` (defaults: markdown, frame batching)',
  'render-aisdk': 'AI SDK useChat (ai 6.0.325, @ai-sdk/react 3.0.328)',
};

async function taskSeconds(cdp: {
  send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
}) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
}

async function runOnce(browser: Browser, baseUrl: string, page: RenderPage, tokens: number, regime: RenderRegime) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.goto(`${baseUrl}/${page}.html?tokens=${tokens}&batch=${regime.tokensPerTick}`, { waitUntil: 'load' });
    await tab.locator('textarea').fill('Write a long answer.');
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    const before = await taskSeconds(cdp);
    const sentAt = await tab.evaluate(() => performance.now());
    // Enter, as a chat user sends: a click would leave the pointer over the page, and Chromium
    // then re-runs hover hit tests after every layout, a cost of the harness, not the renderer.
    await tab.locator('textarea').press('Enter');
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
  options: { sizes: number[]; reps: number; regimes: readonly RenderRegime[]; log: (line: string) => void },
): Promise<RenderResult[]> {
  const results: RenderResult[] = [];
  for (const regime of options.regimes) results.push(...(await runRegime(browser, baseUrl, regime, options)));
  return results;
}

/** Runs every page of one regime; repetitions interleave the pages so drift hits them alike. */
async function runRegime(
  browser: Browser,
  baseUrl: string,
  regime: RenderRegime,
  options: { sizes: number[]; reps: number; log: (line: string) => void },
): Promise<RenderResult[]> {
  const runsOf = new Map<RenderPage, RenderRun[]>(RENDER_PAGES.map((page) => [page, []]));
  for (const tokens of options.sizes) {
    options.log(`render: ${regime.name}: ${RENDER_PAGES.join(', ')} × ${tokens} tokens`);
    const samples = new Map<RenderPage, { taskMs: number[]; longs: number[] }>(
      RENDER_PAGES.map((page) => [page, { taskMs: [], longs: [] }]),
    );
    for (let rep = 0; rep < options.reps; rep++) {
      for (const page of RENDER_PAGES) {
        const run = await runOnce(browser, baseUrl, page, tokens, regime);
        const into = samples.get(page);
        into?.taskMs.push(run.taskMs);
        into?.longs.push(...run.longTasks);
      }
    }
    for (const page of RENDER_PAGES) {
      const { taskMs: raw = [], longs = [] } = samples.get(page) ?? {};
      const taskMs = summarize(raw);
      runsOf.get(page)?.push({
        page,
        tokens,
        taskMs,
        usPerToken: round((taskMs.median * 1000) / tokens),
        longTasks: longs.length,
        longestTaskMs: round(Math.max(0, ...longs)),
      });
    }
  }
  return RENDER_PAGES.map((page) => {
    const runs = runsOf.get(page) ?? [];
    const small = runs[0];
    const large = runs[runs.length - 1];
    const result: RenderResult = { page, label: LABELS[page], regime: regime.name, runs };
    if (small && large && large.tokens > small.tokens) {
      result.marginalUsPerToken = round(
        ((large.taskMs.median - small.taskMs.median) * 1000) / (large.tokens - small.tokens),
      );
      result.linearity = round(large.usPerToken / small.usPerToken);
    }
    return result;
  });
}
