/**
 * `pnpm bench`: runs every benchmark and writes bench/results/latest.json and latest.md.
 * Options (env): BENCH_ONLY=gateway,guard,rescue,cancel,browser,render,size,load,redis · BENCH_CANCEL_SAMPLES (default 30)
 * · BENCH_RESCUE_SAMPLES (default 20) · BENCH_SECONDS (autocannon run; default 3 for gateway, 5 for guard)
 * · BENCH_REPS (rounds, default 3) · BENCH_TTFT_SAMPLES (default 100; BENCH_TTFT_SAMPLES_PACED 30)
 * · BENCH_REGIMES (burst,paced,turn) · BENCH_WARMUP_REQUESTS (5000, at most 60 s per server)
 * · LOAD_SECONDS (load test, default 30) · BENCH_REDIS_TURNS (default 500) · BENCH_REDIS_SAMPLES (default 30)
 * · BENCH_RENDER_REPS (3) · BENCH_RENDER_PAGES (page ids or groups) · BENCH_RENDER_SIZES (each regime's own)
 * · BENCH_RENDER_REGIMES (burst,paced) · BENCH_RENDER_BEFORE (a checkout to compare the kit against)
 * · BENCH_RENDER_AFTER (a checkout whose kit replaces this tree's in the other rows).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBenchPages, buildDemo } from './browser/build-pages';
import { launchChromium } from './browser/chromium';
import { runPerceivedSuite } from './browser/perceived-suite';
import { renderPages } from './browser/render-pages';
import { RENDER_REGIMES, runRenderSuite } from './browser/render-suite';
import { serveFolder } from './browser/static-server';
import { benchDir } from './build-child';
import { runCancelSuite } from './cancel-suite';
import { runGatewaySuite } from './gateway/suite';
import type { UpstreamRegime } from './gateway/targets';
import { runGuardSuite } from './guard/suite';
import { runLoadSuite } from './load-suite';
import { machineInfo } from './machine';
import { runRedisSuite } from './redis-suite';
import { renderMarkdown } from './report';
import { runRescueSuite } from './rescue/suite';
import type { BenchResults } from './results';
import { runSizeSuite } from './size-suite';

/** Every section, in the order they run. */
export const SECTIONS = ['gateway', 'guard', 'rescue', 'cancel', 'browser', 'render', 'size', 'load', 'redis'] as const;
const only = new Set((process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',').map((s) => s.trim()));
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
/** A checkout as the results name it: its path and commit. */
function checkoutName(path: string): string {
  const commit = spawnSync('git', ['-C', path, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  return commit ? `${path} at ${commit}` : path;
}

/** A comma-separated variable as a list, or undefined when unset. */
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const resultsDir = join(benchDir, 'results');
const latest = join(resultsDir, 'latest.json');

function previous(): Partial<BenchResults> {
  try {
    return JSON.parse(readFileSync(latest, 'utf8')) as Partial<BenchResults>;
  } catch {
    return {};
  }
}

/** Puts the latest tables into bench/README.md between `<!-- latest -->` and `<!-- /latest -->`. */
function copyIntoReadme(markdown: string): void {
  const readme = join(benchDir, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('<!-- latest -->');
  const end = text.indexOf('<!-- /latest -->');
  if (start < 0 || end < start) return;
  // Demote the headings one level so they sit under "Latest results".
  const body = markdown.replace(/^# .*\n+/, '').replace(/^## /gm, '### ');
  writeFileSync(readme, `${text.slice(0, start)}<!-- latest -->\n${body}\n${text.slice(end)}`);
  // The repository's formatter also formats markdown (aligned tables); keep the README as it wants.
  spawnSync(join(benchDir, '..', 'node_modules', '.bin', 'biome'), ['format', '--write', readme], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  const started = performance.now();
  // A partial run (BENCH_ONLY) keeps the other sections of the previous results.
  const results: BenchResults = { ...previous(), machine: machineInfo(), sections: {} } as BenchResults;
  const prior = previous().sections ?? {};
  results.sections = { ...prior };
  if (only.has('gateway')) {
    const config = {
      seconds: num('BENCH_SECONDS', 3),
      rounds: num('BENCH_REPS', 3),
      connections: [50, 200],
      ttftSamples: num('BENCH_TTFT_SAMPLES', 100),
      pacedTtftSamples: num('BENCH_TTFT_SAMPLES_PACED', 30),
      warmupRequests: num('BENCH_WARMUP_REQUESTS', 5000),
      upstreamTokens: 50,
    };
    const regimes = (process.env.BENCH_REGIMES ?? 'burst,paced,turn').split(',').map((s) => s.trim());
    results.sections.gateway = {
      config,
      regimes: await runGatewaySuite({ ...config, regimes: regimes as UpstreamRegime[], log }),
    };
  }
  if (only.has('guard')) {
    const config = { seconds: num('BENCH_SECONDS', 5), rounds: num('BENCH_REPS', 3) * 2, connections: 50 };
    results.sections.guard = await runGuardSuite({ ...config, log });
  }
  if (only.has('rescue')) {
    results.sections.rescue = await runRescueSuite({ samples: num('BENCH_RESCUE_SAMPLES', 20), log });
  }
  if (only.has('cancel')) {
    results.sections.cancel = await runCancelSuite({ samples: num('BENCH_CANCEL_SAMPLES', 30), log });
  }
  if (only.has('browser')) {
    log('perceived: building the demo');
    const demo = await buildDemo();
    const browser = await launchChromium();
    try {
      const config = { turns: num('BENCH_TURNS', 7) };
      results.sections.perceived = { config, pages: await runPerceivedSuite(browser, demo, { ...config, log }) };
    } finally {
      await browser.close();
    }
  }
  if (only.has('render')) {
    const before = process.env.BENCH_RENDER_BEFORE || undefined;
    const after = process.env.BENCH_RENDER_AFTER || undefined;
    const pages = renderPages(process.env.BENCH_RENDER_PAGES, before !== undefined);
    log(
      `render: building ${pages.length} pages${before ? ` (before: ${before})` : ''}${after ? ` (after: ${after})` : ''}`,
    );
    const server = await serveFolder(await buildBenchPages(pages, { before, after }));
    const browser = await launchChromium();
    try {
      const config = {
        ...(process.env.BENCH_RENDER_SIZES ? { sizes: list(process.env.BENCH_RENDER_SIZES)?.map(Number) } : {}),
        reps: num('BENCH_RENDER_REPS', 3),
        regimes: RENDER_REGIMES.filter((r) => list(process.env.BENCH_RENDER_REGIMES)?.includes(r.name) ?? true),
        ...(before ? { before: checkoutName(before) } : {}),
        ...(after ? { after: checkoutName(after) } : {}),
      };
      results.sections.render = {
        config,
        pages: await runRenderSuite(browser, server.url, { ...config, pages, log }),
      };
    } finally {
      await browser.close();
      await server.close();
    }
  }
  if (only.has('size')) {
    log('size: size-limit');
    results.sections.size = runSizeSuite();
  }
  if (only.has('load')) {
    const seconds = num('LOAD_SECONDS', 30);
    log(`load: ${seconds} s of 200 concurrent cascades (vitest project 'load')`);
    results.sections.load = runLoadSuite(seconds);
  }
  if (only.has('redis')) {
    results.sections.redis = await runRedisSuite({
      turns: num('BENCH_REDIS_TURNS', 500),
      convergenceSamples: num('BENCH_REDIS_SAMPLES', 30),
      log,
    });
  }
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  results.ranSections = SECTIONS.filter((s) => only.has(s));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(latest, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(join(resultsDir, 'latest.md'), markdown);
  copyIntoReadme(markdown);
  log(`wrote ${latest} in ${results.durationSeconds} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
