/**
 * CPU profile of one render-cost page (benchmark 1c), to find where its main-thread time goes:
 * builds the page (BENCH_MINIFY=0 keeps function names), sends, streams the answer under the CDP
 * Profiler and prints the functions with the most self time, the long tasks and the frame gaps;
 * `--out=<file>.cpuprofile` also writes the profile (Chrome DevTools opens it).
 *
 *   BENCH_MINIFY=0 node --conditions=@cascadekit/source --import tsx bench/src/browser/render-profile.ts \
 *     render-cascade-swap-500 [--tokens=10000] [--batch=256] [--out=/tmp/swap.cpuprofile] [--no-build]
 *     [--trace] [--stretches=3] [--top=30]
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
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k ?? '', v ?? 'true'] as const;
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

/** Self time per function (ms), from the profile's samples (those in `range` only, if given). */
function selfTimes(profile: Profile, range: [number, number] = [0, profile.samples.length]): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    if (i < range[0] || i >= range[1]) return;
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
  dur?: number;
  tid: number;
  args?: { name?: string };
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
    async stop(): Promise<[string, [number, number]][]> {
      const done = new Promise<void>((resolve) => on('Tracing.tracingComplete', () => resolve()));
      await send('Tracing.end');
      await done;
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
      const totals = new Map<string, [number, number]>();
      for (const e of events) {
        if (e.tid !== main || e.ph !== 'X' || e.dur === undefined) continue;
        const [ms, n] = totals.get(e.name) ?? [0, 0];
        totals.set(e.name, [ms + e.dur / 1000, n + 1]);
      }
      return [...totals].sort((a, b) => b[1][0] - a[1][0]);
    },
  };
}

async function main() {
  const root = args.has('no-build')
    ? join(benchDir, '.out', 'pages')
    : await buildBenchPages([spec as NonNullable<typeof spec>], process.env.BENCH_RENDER_BEFORE);
  const server = await serveFolder(root);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    const query = `tokens=${tokens}&batch=${batch}${spec?.query ? `&${spec.query}` : ''}`;
    await tab.goto(`${server.url}/${BUILD_DIRS[spec?.build ?? 'react19']}${spec?.file}.html?${query}`);
    // `--css=…`: a style sheet added before the send, to try a layout change without a rebuild.
    const css = args.get('css');
    if (css) await tab.addStyleTag({ content: css });
    await tab.locator('textarea').fill('Write a long answer.');
    await settled(tab);
    const trace = traceCollector(cdp);
    if (args.has('trace')) await trace.start();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const sentAt = await tab.evaluate(() => performance.now());
    await tab.locator('textarea').press('Enter');
    await tab.waitForFunction(() => document.body.textContent?.includes('zzend'), null, {
      polling: 100,
      timeout: 120_000,
    });
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const timeline = args.has('trace') ? await trace.stop() : [];
    const probes = await tab.evaluate((since) => {
      const frames = window.__frames.filter((t) => t >= since);
      return {
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
    console.log('long tasks [start ms after send, duration ms]:', JSON.stringify(probes.longTasks));
    console.log('worst frame gaps ms:', probes.worstFrames.join(', '));
    if (timeline.length > 0) {
      console.log('main-thread trace events (total ms, count), the largest:');
      for (const [name, [ms, n]] of timeline.slice(0, 16))
        console.log(`${ms.toFixed(1).padStart(8)} ms ${String(n).padStart(6)}×  ${name}`);
    }
    // `--stretches=N`: the N longest stretches without an idle sample (the worst long tasks), each on its own.
    const top = Number(args.get('top') ?? 30);
    if (args.has('stretches')) {
      for (const [first, end, ms] of busyStretches(profile, Number(args.get('stretches')) || 3)) {
        console.log(`busy stretch of ${ms.toFixed(1)} ms (samples ${first}–${end}):`);
        for (const [name, self] of selfTimes(profile, [first, end]).slice(0, top)) {
          console.log(`${self.toFixed(1).padStart(8)} ms  ${name}`);
        }
      }
      return;
    }
    for (const [name, ms] of selfTimes(profile).slice(0, top)) {
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
