/**
 * `pnpm bench`: runs every benchmark and writes bench/results/latest.json and latest.md.
 * Options (env): BENCH_ONLY=gateway,guard,cancel,browser,render,size,load · BENCH_CANCEL_SAMPLES (default 30)
 * · BENCH_SECONDS (autocannon run; default 3 for gateway, 5 for guard) · BENCH_REPS (rounds, default 3)
 * · BENCH_TTFT_SAMPLES (default 100; BENCH_TTFT_SAMPLES_PACED 30) · BENCH_REGIMES (burst,paced,turn)
 * · BENCH_WARMUP_REQUESTS (5000, at most 60 s per server) · LOAD_SECONDS (load test, default 30).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBenchPages, buildDemo } from './browser/build-pages';
import { launchChromium } from './browser/chromium';
import { runPerceivedSuite } from './browser/perceived-suite';
import { RENDER_REGIMES, runRenderSuite } from './browser/render-suite';
import { serveFolder } from './browser/static-server';
import { benchDir } from './build-child';
import { runCancelSuite } from './cancel-suite';
import { runGatewaySuite } from './gateway/suite';
import type { UpstreamRegime } from './gateway/targets';
import { runGuardSuite } from './guard/suite';
import { runLoadSuite } from './load-suite';
import { machineInfo } from './machine';
import { renderMarkdown } from './report';
import type { BenchResults } from './results';
import { runSizeSuite } from './size-suite';

const only = new Set(
  (process.env.BENCH_ONLY ?? 'gateway,guard,cancel,browser,render,size,load').split(',').map((s) => s.trim()),
);
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
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
    log('render: building pages');
    const pages = await serveFolder(await buildBenchPages());
    const browser = await launchChromium();
    try {
      const config = { sizes: [2000, 10000], reps: num('BENCH_RENDER_REPS', 3), regimes: RENDER_REGIMES };
      results.sections.render = { config, pages: await runRenderSuite(browser, pages.url, { ...config, log }) };
    } finally {
      await browser.close();
      await pages.close();
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
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  results.ranSections = ['gateway', 'guard', 'cancel', 'browser', 'render', 'size', 'load'].filter((s) => only.has(s));
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
