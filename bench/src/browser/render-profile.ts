/**
 * CPU profile of one render-cost page (benchmark 1c), to find where its main-thread time goes:
 * builds the page (BENCH_MINIFY=0 keeps function names), sends, streams the answer under the CDP
 * Profiler and prints the functions with the most self time, the long tasks and the frame gaps;
 * `--out=<file>.cpuprofile` also writes the profile (Chrome DevTools opens it).
 *
 *   BENCH_MINIFY=0 node --conditions=@cascadekit/source --import tsx bench/src/browser/render-profile.ts \
 *     render-cascade-swap-500 [--tokens=10000] [--batch=256] [--out=/tmp/swap.cpuprofile] [--no-build]
 *     [--trace] [--stretches=3] [--callers=setAttribute] [--inclusive=fnA,fnB] [--within=fn] [--counts] [--query=variant=plain] [--metrics-only] [--scroll-up] [--css=…] [--tasks=5] [--layouts] [--top=30]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { benchDir } from '../build-child';
import { buildBenchPages } from './build-pages';
import { launchChromium } from './chromium';
import { BUILD_DIRS, RENDER_PAGE_SPECS } from './render-pages';
import { settled } from './render-suite';
import { serveFolder } from './static-server';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k = '', ...v] = a.replace(/^--/, '').split('=');
    return [k, v.length > 0 ? v.join('=') : 'true'] as const;
  }),
);
const id = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'render-cascade-swap';
const spec = RENDER_PAGE_SPECS.find((p) => p.id === id);
if (!spec) throw new Error(`Unknown page ${id}; one of: ${RENDER_PAGE_SPECS.map((p) => p.id).join(', ')}`);
const tokens = Number(args.get('tokens') ?? 10000);
const batch = Number(args.get('batch') ?? 256);

/** The `count` longest busy stretches (no idle sample in them) as [first, end) sample indexes, with their ms. */
function busyStretches(profile: Profile, count: number): [number, number, number][] {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const stretches: [number, number, number][] = [];
  let start = 0;
  let ms = 0;
  profile.samples.forEach((sample, i) => {
    if (idle.has(sample)) {
      if (ms > 0) stretches.push([start, i, ms]);
      start = i + 1;
      ms = 0;
      return;
    }
    ms += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  if (ms > 0) stretches.push([start, profile.samples.length, ms]);
  return stretches.sort((a, b) => b[2] - a[2]).slice(0, count);
}

/** Inclusive time (ms) of each function named in `names`: samples with it anywhere on the stack. */
function inclusiveTimes(profile: Profile, names: readonly string[]): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const totals = new Map<string, number>(names.map((name) => [name, 0]));
  profile.samples.forEach((sample, i) => {
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)?.callFrame.functionName ?? '';
      if (totals.has(name) && !seen.has(name)) {
        seen.add(name);
        totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      }
    }
  });
  return [...totals];
}

/** Where `name`'s self time comes from: its callers' chains (3 levels up), with their ms. */
function callersOf(profile: Profile, name: string): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const chains = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    if (byId.get(sample)?.callFrame.functionName !== name) return;
    const chain: string[] = [];
    for (let id = parent.get(sample); id !== undefined && chain.length < 3; id = parent.get(id)) {
      chain.push(byId.get(id)?.callFrame.functionName || '(anonymous)');
    }
    const key = chain.join(' < ');
    chains.set(key, (chains.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...chains].sort((a, b) => b[1] - a[1]);
}

/** Self time per function (ms), from the profile's samples (those in `range` only, and with `within` on the stack, if given). */
function selfTimes(
  profile: Profile,
  range: [number, number] = [0, profile.samples.length],
  within?: string,
): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const under = (sample: number) => {
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      if (byId.get(id)?.callFrame.functionName === within) return true;
    }
    return false;
  };
  const self = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    if (i < range[0] || i >= range[1] || (within && !under(sample))) return;
    const node = byId.get(sample);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  args?: {
    name?: string;
    data?: { functionName?: string; type?: string };
    beginData?: { dirtyObjects?: number; totalObjects?: number; stackTrace?: { functionName?: string }[] };
  };
}

/**
 * Chromium's timeline trace of the page (`--trace`): time per event name on the renderer's main
 * thread (style, layout, paint, script, GC …), nested events counted in their own line too.
 */
function traceCollector(cdp: CDPSession) {
  const events: TraceEvent[] = [];
  // The trace domain's events and parameters, loosely typed: only these few fields are read.
  const send = (method: string, params?: unknown) =>
    (cdp.send as (m: string, p?: unknown) => Promise<unknown>).call(cdp, method, params);
  const on = (event: string, fn: (e: { value: TraceEvent[] }) => void) =>
    (cdp.on as (e: string, f: (e: { value: TraceEvent[] }) => void) => void).call(cdp, event, fn);
  on('Tracing.dataCollected', (e) => events.push(...e.value));
  return {
    start: () =>
      send('Tracing.start', {
        categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
        transferMode: 'ReportEvents',
      }),
    /**
     * Main-thread tasks with what ran in each (ms): from the `ck-swap` time stamp on (200 ms), or
     * the `longest` longest tasks of the answer; `at` is ms after the swap (or the first task).
     */
    swapTasks(longest?: number): { at: number; ms: number; parts: [string, number][] }[] {
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
      const mark =
        longest === undefined
          ? events.find((e) => e.name === 'TimeStamp' && JSON.stringify(e.args).includes('ck-swap'))
          : events.find((e) => e.tid === main && e.name === 'RunTask');
      if (!mark) return [];
      const all = events.filter((e) => e.tid === main && e.name === 'RunTask' && (e.dur ?? 0) > 3000);
      const tasks =
        longest === undefined
          ? all.filter((e) => e.ts + (e.dur ?? 0) >= mark.ts && e.ts <= mark.ts + 200_000)
          : [...all].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, longest);
      return tasks.map((task) => {
        const end = task.ts + (task.dur ?? 0);
        const parts = new Map<string, number>();
        for (const e of events) {
          if (e.tid !== main || e.ph !== 'X' || e === task || e.ts < task.ts || e.ts > end || !e.dur) continue;
          parts.set(e.name, (parts.get(e.name) ?? 0) + e.dur / 1000);
        }
        return {
          at: (task.ts - mark.ts) / 1000,
          ms: (task.dur ?? 0) / 1000,
          parts: [...parts].sort((x, y) => y[1] - x[1]).slice(0, 8),
        };
      });
    },
    async stop(): Promise<[string, [number, number]][]> {
      const done = new Promise<void>((resolve) => on('Tracing.tracingComplete', () => resolve()));
      await send('Tracing.end');
      await done;
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
      const totals = new Map<string, [number, number]>();
      for (const e of events) {
        if (e.tid !== main || e.ph !== 'X' || e.dur === undefined) continue;
        // Script entry points by what they run: the function called, the event or timer fired.
        const what = e.args?.data?.functionName || e.args?.data?.type;
        const name = (e.name === 'FunctionCall' || e.name === 'EventDispatch') && what ? `${e.name} ${what}` : e.name;
        const [ms, n] = totals.get(name) ?? [0, 0];
        totals.set(name, [ms + e.dur / 1000, n + 1]);
      }
      return [...totals].sort((a, b) => b[1][0] - a[1][0]);
    },
    /** Layouts on the main thread: ms, objects laid out of all, and the script that forced one, if any. */
    layouts(): string[] {
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
      return events
        .filter((e) => e.tid === main && e.name === 'Layout' && e.ph === 'X')
        .map((e) => {
          const b = e.args?.beginData;
          const forced = b?.stackTrace?.[0]?.functionName;
          return `${((e.dur ?? 0) / 1000).toFixed(1)} ms ${b?.dirtyObjects}/${b?.totalObjects}${forced ? ` forced by ${forced}` : ''}`;
        });
    },
  };
}

async function main() {
  const root = args.has('no-build')
    ? join(benchDir, '.out', 'pages')
    : await buildBenchPages([spec as NonNullable<typeof spec>], {
        before: process.env.BENCH_RENDER_BEFORE,
        after: process.env.BENCH_RENDER_AFTER,
      });
  const server = await serveFolder(root);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    // `--query=a=1&b=2`: more page parameters (e.g. the swap page's `variant`).
    const extra = args.get('query');
    const query = `tokens=${tokens}&batch=${batch}${spec?.query ? `&${spec.query}` : ''}${extra ? `&${extra}` : ''}`;
    await tab.goto(`${server.url}/${BUILD_DIRS[spec?.build ?? 'react19']}${spec?.file}.html?${query}`);
    // `--css=…`: a style sheet added before the send, to try a layout change without a rebuild.
    const css = args.get('css');
    if (css) await tab.addStyleTag({ content: css });
    await tab.locator('textarea').fill('Write a long answer.');
    // `--scroll-up`: the reader has scrolled the list to its top, so the view no longer follows the text.
    if (args.has('scroll-up')) {
      await tab.evaluate(
        `(() => { const list = document.querySelector('.ck-messages, #out'); if (list) list.scrollTop = 0; })()`,
      );
    }
    await settled(tab);
    const trace = traceCollector(cdp);
    if (args.has('trace')) await trace.start();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    // `--counts`: exact call counts per function over the answer (precise coverage), e.g. how often a component renders.
    const counts = args.has('counts');
    if (counts) {
      await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
      await cdp.send('Profiler.takePreciseCoverage');
    }
    // `--metrics-only`: no sampling profiler (it slows the page), only the CDP metrics.
    const sampling = !args.has('metrics-only');
    if (sampling) await cdp.send('Profiler.start');
    await cdp.send('Performance.enable');
    const metricsNow = async () =>
      Object.fromEntries(
        (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000] as const),
      );
    // When the final text replaced the draft (the message gets `data-upgraded`), to place the long tasks.
    await tab.evaluate(`(() => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector('[data-upgraded]')) return;
        window.__swapAt = performance.now();
        console.timeStamp('ck-swap');
        seen.disconnect();
      });
      seen.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-upgraded'] });
    })()`);
    const before = await metricsNow();
    const sentAt = await tab.evaluate(() => performance.now());
    await tab.locator('textarea').press('Enter');
    await tab.waitForFunction(() => document.body.textContent?.includes('zzend'), null, {
      polling: 100,
      timeout: 120_000,
    });
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await metricsNow();
    const { profile } = sampling
      ? ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile })
      : { profile: { nodes: [], samples: [], timeDeltas: [] } };
    const coverage = counts ? (await cdp.send('Profiler.takePreciseCoverage')).result : [];
    const timeline = args.has('trace') ? await trace.stop() : [];
    // `--layouts`: every layout of the answer (with --trace).
    if (args.has('layouts')) console.log(trace.layouts().join('\n'));
    const probes = await tab.evaluate((since) => {
      const frames = window.__frames.filter((t) => t >= since);
      const swapAt = (window as unknown as { __swapAt?: number }).__swapAt;
      return {
        swapAt: swapAt === undefined ? undefined : Math.round(swapAt - since),
        longTasks: window.__longTasks
          .filter((t) => t.start >= since)
          .map((t) => [Math.round(t.start - since), Math.round(t.duration)]),
        worstFrames: frames
          .slice(1)
          .map((t, i) => t - (frames[i] as number))
          .sort((a, b) => b - a)
          .slice(0, 8)
          .map(Math.round),
      };
    }, sentAt);
    const out = args.get('out');
    if (out) writeFileSync(out, JSON.stringify(profile));
    const total = profile.timeDeltas.reduce((s, d) => s + d, 0) / 1000;
    console.log(`${id} · ${tokens} tokens · batch ${batch} · profile ${total.toFixed(0)} ms`);
    const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)).toFixed(0);
    console.log(
      `CPU ${delta('ThreadTime')} ms · tasks ${delta('TaskDuration')} ms · script ${delta('ScriptDuration')} · layout ${delta('LayoutDuration')} · style ${delta('RecalcStyleDuration')} ms ${sampling ? ' (with the profiler on)' : ''}`,
    );
    if (probes.swapAt !== undefined) console.log(`swap at ${probes.swapAt} ms after send`);
    console.log('long tasks [start ms after send, duration ms]:', JSON.stringify(probes.longTasks));
    console.log('worst frame gaps ms:', probes.worstFrames.join(', '));
    // The tasks of the swap (over 3 ms, from the commit of the final text on), with what ran in each.
    // `--tasks=N`: the N longest tasks instead.
    const longest = args.has('tasks') ? Number(args.get('tasks')) || 5 : undefined;
    for (const task of args.has('trace') ? trace.swapTasks(longest) : []) {
      const parts = task.parts.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
      console.log(
        `${longest ? 'task' : 'swap task'} at +${task.at.toFixed(0)} ms: ${task.ms.toFixed(1)} ms (${parts})`,
      );
    }
    if (timeline.length > 0) {
      console.log('main-thread trace events (total ms, count), the largest:');
      for (const [name, [ms, n]] of timeline.slice(0, Number(args.get('events') ?? 24)))
        console.log(`${ms.toFixed(1).padStart(8)} ms ${String(n).padStart(6)}×  ${name}`);
    }
    const top = Number(args.get('top') ?? 30);
    if (counts) {
      const calls = coverage.flatMap((script) =>
        script.functions
          .filter((f) => f.functionName && (f.ranges[0]?.count ?? 0) > 0)
          .map((f) => [`${f.functionName} ${script.url.split('/').pop()}`, f.ranges[0]?.count ?? 0] as const),
      );
      console.log('calls during the answer:');
      for (const [name, n] of calls.sort((a, b) => b[1] - a[1]).slice(0, top))
        console.log(`${String(n).padStart(9)}  ${name}`);
      return;
    }
    // `--inclusive=a,b`: time with each function anywhere on the stack.
    const inclusive = args.get('inclusive');
    if (inclusive) {
      for (const [name, ms] of inclusiveTimes(profile, inclusive.split(',')))
        console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
    }
    // `--callers=fn`: who calls a function with much self time.
    const callers = args.get('callers');
    if (callers) {
      for (const [chain, ms] of callersOf(profile, callers).slice(0, top))
        console.log(`${ms.toFixed(1).padStart(8)} ms  ${chain}`);
      return;
    }
    // `--stretches=N`: the N longest stretches without an idle sample (the worst long tasks), each on its own.
    if (args.has('stretches')) {
      for (const [first, end, ms] of busyStretches(profile, Number(args.get('stretches')) || 3)) {
        console.log(`busy stretch of ${ms.toFixed(1)} ms (samples ${first}–${end}):`);
        for (const [name, self] of selfTimes(profile, [first, end]).slice(0, top)) {
          console.log(`${self.toFixed(1).padStart(8)} ms  ${name}`);
        }
      }
      return;
    }
    // `--within=fn`: only the samples with that function on the stack.
    for (const [name, ms] of selfTimes(profile, undefined, args.get('within')).slice(0, top)) {
      console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
