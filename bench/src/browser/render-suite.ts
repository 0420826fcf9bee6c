/**
 * Benchmark 1c: render cost. Chromium loads each page fresh, the harness types a message and
 * presses Enter (the pointer never rests over the page), and the page renders an answer of N
 * tokens streamed in-page, in two regimes: `burst` (256 tokens per chunk, as fast as the page
 * takes them, so the per-token work shows) and `paced` (8 tokens per 4 ms tick, ~2,000
 * tokens/s, so every frame renders a few tokens and per-frame layout and paint dominate).
 * Main-thread time is the delta of CDP `Performance.getMetrics` TaskDuration from send to the
 * last token on screen; long tasks come from a PerformanceObserver('longtask') in the page, frame
 * times from the gaps between its animation frames (pages/probes.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { median, quantile, round, type Summary, summarize } from '../stats';
import { BUILD_DIRS, type RenderGroup, type RenderPageSpec } from './render-pages';

export interface RenderRun {
  page: string;
  tokens: number;
  taskMs: Summary;
  /** Main-thread µs per token over the whole answer (median run). */
  usPerToken: number;
  /** Median main-thread time over the group's plain DOM baseline's, same tokens and regime. */
  overBaseline?: number;
  /**
   * CPU time of the page's main thread (CDP `ThreadTime`) over the same span: unlike the tasks'
   * wall time it does not grow when other processes of a shared machine take the core away.
   */
  cpuMs?: Summary;
  /** Median main-thread CPU time over the baseline's. */
  cpuOverBaseline?: number;
  /**
   * Main-thread CPU time from the page's start until it settled, before the send (median): what
   * loading the page and rendering its conversation cost.
   */
  loadCpuMs?: number;
  /** Medians of CDP's script, layout and style-recalculation durations over the same span. */
  scriptMs?: number;
  layoutMs?: number;
  styleMs?: number;
  longTasks: number;
  longestTaskMs: number;
  /** Gaps between animation frames from send to the last token, over every run: p95 and max. */
  frameP95Ms?: number;
  frameMaxMs?: number;
  /** `React.version` as the page reported it (pages that use React and say so). */
  react?: string;
}

/** How the in-page source delivers the answer (pages/token-source.ts). */
export interface RenderRegime {
  name: 'burst' | 'paced';
  /** Tokens per chunk; one chunk per `setTimeout(0)` tick (clamped to 4 ms). */
  tokensPerTick: number;
  /**
   * Answer lengths run in this regime (`BENCH_RENDER_SIZES` overrides). Paced runs only the
   * short answer: at ~2,000 tokens/s a 10,000-token answer takes 5-10 s per page and run, and
   * its question (at or below plain DOM?) is a ratio that the short answer answers too.
   */
  sizes: readonly number[];
}

export const RENDER_REGIMES: readonly RenderRegime[] = [
  { name: 'burst', tokensPerTick: 256, sizes: [2000, 10000] },
  { name: 'paced', tokensPerTick: 8, sizes: [2000] },
];

export interface RenderResult {
  page: string;
  label: string;
  /** Absent in results written before groups existed (those were all `single`). */
  group?: RenderGroup;
  /** Absent in results written before regimes existed (those were `paced`). */
  regime?: RenderRegime['name'];
  runs: RenderRun[];
  /** Slope between the smallest and largest answer: main-thread µs per additional token. */
  marginalUsPerToken?: number;
  /** µs/token at the largest size over µs/token at the smallest: ~1 when cost is linear. */
  linearity?: number;
}

type Metrics = Record<
  'TaskDuration' | 'ThreadTime' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration',
  number
>;

/** The page's cumulative CDP `Performance` metrics that the suite reads (seconds). */
async function metrics(cdp: {
  send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
}): Promise<Metrics> {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  const value = (name: keyof Metrics) => all.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    TaskDuration: value('TaskDuration'),
    ThreadTime: value('ThreadTime'),
    ScriptDuration: value('ScriptDuration'),
    LayoutDuration: value('LayoutDuration'),
    RecalcStyleDuration: value('RecalcStyleDuration'),
  };
}

/**
 * Waits until the page has settled after load: 20 animation frames in a row on time (< 25 ms
 * apart), so chunks loaded after the first paint (the chat's actions row, 500 messages of
 * history) have rendered before the send and their cost is not taken for the answer's. Gives
 * up after 15 s on a machine too busy to ever look calm.
 */
export function settled(tab: Page): Promise<unknown> {
  // A string, not a function: the TypeScript loader would wrap named inner functions in a
  // helper (`__name`) that does not exist in the page.
  return tab.evaluate(`new Promise((resolve) => {
    const giveUp = performance.now() + 15000;
    let last = performance.now();
    let calm = 0;
    const frame = (time) => {
      calm = time - last < 25 ? calm + 1 : 0;
      last = time;
      if (calm >= 20 || time > giveUp) resolve(calm);
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`);
}

interface Sample {
  taskMs: number;
  cpuMs: number;
  loadCpuMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  longTasks: number[];
  frameGaps: number[];
  react: string | undefined;
}

async function runOnce(
  browser: Browser,
  baseUrl: string,
  spec: RenderPageSpec,
  tokens: number,
  regime: RenderRegime,
): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const query = `tokens=${tokens}&batch=${regime.tokensPerTick}${spec.query ? `&${spec.query}` : ''}`;
    await tab.goto(`${baseUrl}/${BUILD_DIRS[spec.build]}${spec.file}.html?${query}`, { waitUntil: 'load' });
    await tab.locator('textarea').fill('Write a long answer.');
    await settled(tab);
    const before = await metrics(cdp);
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
    const after = await metrics(cdp);
    const probes = await tab.evaluate((since) => {
      // Long tasks reach observers only (pages/probes.ts), not the performance timeline.
      const longTasks = window.__longTasks.filter((t) => t.start >= since).map((t) => t.duration);
      const frames = window.__frames.filter((t) => t >= since);
      const frameGaps = frames.slice(1).map((t, i) => t - (frames[i] as number));
      return { longTasks, frameGaps, react: document.documentElement.dataset.react };
    }, sentAt);
    const ms = (name: keyof Metrics) => (after[name] - before[name]) * 1000;
    return {
      taskMs: ms('TaskDuration'),
      cpuMs: ms('ThreadTime'),
      // A fresh page: its counters start with it, so the value before the send is the load's.
      loadCpuMs: before.ThreadTime * 1000,
      scriptMs: ms('ScriptDuration'),
      layoutMs: ms('LayoutDuration'),
      styleMs: ms('RecalcStyleDuration'),
      ...probes,
    };
  } finally {
    await context.close();
  }
}

export interface RenderOptions {
  /** Answer lengths for every regime instead of each regime's own. */
  sizes?: readonly number[];
  reps: number;
  regimes: readonly RenderRegime[];
  pages: readonly RenderPageSpec[];
  log: (line: string) => void;
}

export async function runRenderSuite(
  browser: Browser,
  baseUrl: string,
  options: RenderOptions,
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
  options: RenderOptions,
): Promise<RenderResult[]> {
  const { pages } = options;
  const runsOf = new Map<string, RenderRun[]>(pages.map((page) => [page.id, []]));
  for (const tokens of options.sizes ?? regime.sizes) {
    options.log(`render: ${regime.name}: ${pages.length} pages × ${tokens} tokens × ${options.reps}`);
    const samples = new Map<string, Sample[]>(pages.map((page) => [page.id, []]));
    for (let rep = 0; rep < options.reps; rep++) {
      for (const page of pages) samples.get(page.id)?.push(await runOnce(browser, baseUrl, page, tokens, regime));
    }
    const medians = new Map<string, { task: number; cpu: number }>();
    for (const page of pages) {
      const all = samples.get(page.id) ?? [];
      const taskMs = summarize(all.map((s) => s.taskMs));
      const cpuMs = summarize(all.map((s) => s.cpuMs));
      medians.set(page.id, { task: taskMs.median, cpu: cpuMs.median });
      const longs = all.flatMap((s) => s.longTasks);
      const gaps = all.flatMap((s) => s.frameGaps);
      const react = all.find((s) => s.react)?.react;
      const run: RenderRun = {
        page: page.id,
        tokens,
        taskMs,
        usPerToken: round((taskMs.median * 1000) / tokens),
        longTasks: longs.length,
        longestTaskMs: round(Math.max(0, ...longs)),
        cpuMs,
        loadCpuMs: round(median(all.map((s) => s.loadCpuMs)), 0),
        scriptMs: round(median(all.map((s) => s.scriptMs)), 1),
        layoutMs: round(median(all.map((s) => s.layoutMs)), 1),
        styleMs: round(median(all.map((s) => s.styleMs)), 1),
      };
      if (gaps.length > 0) {
        run.frameP95Ms = round(quantile(gaps, 0.95), 1);
        run.frameMaxMs = round(Math.max(...gaps), 1);
      }
      if (react) run.react = react;
      runsOf.get(page.id)?.push(run);
    }
    for (const page of pages) {
      const baseline = pages.find((p) => p.group === page.group && p.baseline);
      const base = baseline ? medians.get(baseline.id) : undefined;
      const run = runsOf.get(page.id)?.at(-1);
      if (run && base) {
        run.overBaseline = round(run.taskMs.median / base.task);
        if (run.cpuMs) run.cpuOverBaseline = round(run.cpuMs.median / base.cpu);
      }
    }
  }
  return pages.map((page) => {
    const runs = runsOf.get(page.id) ?? [];
    const small = runs[0];
    const large = runs[runs.length - 1];
    const result: RenderResult = { page: page.id, label: page.label, group: page.group, regime: regime.name, runs };
    if (small && large && large.tokens > small.tokens) {
      result.marginalUsPerToken = round(
        ((large.taskMs.median - small.taskMs.median) * 1000) / (large.tokens - small.tokens),
      );
      result.linearity = round(large.usPerToken / small.usPerToken);
    }
    return result;
  });
}
