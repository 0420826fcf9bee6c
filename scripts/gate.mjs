#!/usr/bin/env node
// The one gate: every step runs even after an earlier one failed, then a summary table and,
// as the last line, `tests: N passed, N failed` counted from the runners' JSON reports.
// Usage: node scripts/gate.mjs [step ...]   (default: all steps)
//
// Steps run in stages, one after the other. Within a stage, lanes run side by side (each lane's
// steps in order): the browser suites and the end-to-end tests spend most of their time waiting
// on simulated models, not on the CPU, so on two cores they overlap well. The unit and load tests
// run alone: they use every core, and their real-socket tests should not share it.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, '.cache', 'gate');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifests = Object.fromEntries(
  readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
    .map((name) => [name, JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'))]),
);
const publishable = Object.keys(manifests).filter((name) => manifests[name].private !== true);

/** A project of the drop-in Playwright suite (e2e/drop-in), counted from its JSON report. */
function dropIn(project) {
  const report = join(reports, `drop-in-${project}.json`);
  return {
    name: project,
    cmd: [
      'pnpm',
      'exec',
      'playwright',
      'test',
      '-c',
      'e2e/drop-in/playwright.config.ts',
      '--project',
      project,
      '--reporter=list,json',
    ],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: report },
    count: () => countPlaywright(report),
  };
}

/**
 * Are the Types Wrong on a packed tarball, every resolution mode (node10, node16 from CJS and ESM,
 * bundler). Subpaths without types (styles.css) are no type entry points. The packages are ESM
 * only: a `require()` from CommonJS works on Node >= 20.19 (our engines; require(esm)), which
 * TypeScript's node16 mode predates, so its "CJS resolves to ESM" note is ignored.
 */
function attw(name) {
  const exportsField = manifests[name].exports ?? {};
  const untyped = Object.entries(exportsField)
    .filter(([subpath, value]) => subpath.startsWith('.') && !(value && typeof value === 'object' && 'types' in value))
    .map(([subpath]) => subpath);
  return [
    'pnpm',
    'exec',
    'attw',
    `.cache/pack/${name}.tgz`,
    '--profile',
    'strict',
    '--no-definitely-typed',
    '--ignore-rules',
    'cjs-resolves-to-esm',
    ...(untyped.length ? ['--exclude-entrypoints', ...untyped] : []),
  ];
}

/** Vitest project step: JSON report next to the default reporter. */
const vitest = (project, name = project) => ({
  name,
  cmd: [
    'pnpm',
    'exec',
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, `${project}.json`)}`,
  ],
  count: () => countVitest(join(reports, `${project}.json`)),
});

const react18 = {
  name: 'browser react18',
  cmd: [
    'pnpm',
    'exec',
    'vitest',
    'run',
    '-c',
    'packages/react/vitest.react18.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, 'react18.json')}`,
  ],
  env: { VITE_EXPECT_REACT: '18' },
  count: () => countVitest(join(reports, 'react18.json')),
};

const e2e = {
  name: 'e2e',
  cmd: ['pnpm', 'exec', 'playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'],
  env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'e2e.json') },
  count: () => countPlaywright(join(reports, 'e2e.json')),
};

/** Stages run one after the other; a stage's lanes run side by side, each lane's steps in order. */
const stages = [
  [
    [
      { name: 'lint', cmd: ['pnpm', 'exec', 'biome', 'ci', '--error-on-warnings', '.'] },
      { name: 'typecheck', cmd: ['pnpm', 'exec', 'tsc', '-p', 'tsconfig.json'] },
      // TypeScript skips dot-folders in the root config's globs; Storybook's config gets its own.
      { name: 'typecheck storybook', cmd: ['pnpm', 'exec', 'tsc', '-p', '.storybook/tsconfig.json'] },
      // The benchmark package is type-checked on its own (its pages and harness are outside the root config).
      { name: 'typecheck bench', cmd: ['pnpm', 'exec', 'tsc', '-p', 'bench/tsconfig.json'] },
    ],
    // Builds every publishable package and packs it as it would be published (.cache/pack/<name>.tgz).
    [{ name: 'build', cmd: ['node', '--import', 'tsx', 'scripts/package/pack.ts'] }],
  ],
  [[vitest('unit')]],
  // 200 concurrent cascades with random upstream faults, and 100 stalled clients: alone.
  [[vitest('load')]],
  [
    // The React kit's browser tests, again on React 18.3 (react/react-dom aliased to 18.3.1), and
    // every story's play function.
    [vitest('browser'), react18, vitest('storybook', 'stories')],
    [e2e],
    [
      // Breakers and limits shared by several instances through a real redis-server (started per
      // file on a free loopback port): sockets and timeouts, little CPU.
      vitest('redis'),
      // The tarballs, file by file: contents, published package.json, README links.
      vitest('package'),
      ...publishable.map((name) => ({
        name: `publint ${name}`,
        cmd: ['pnpm', 'exec', 'publint', '--strict', `.cache/pack/${name}.tgz`],
      })),
      ...publishable.map((name) => ({ name: `attw ${name}`, cmd: attw(name) })),
      ...(rootPackage.scripts?.size ? [{ name: 'size', cmd: ['pnpm', 'run', 'size'] }] : []),
    ],
  ],
  [
    // apps/next on the tarballs installed with npm: next build (type-check included), next start, driven in Chromium.
    [dropIn('next')],
    // The tarballs installed with npm into fresh Vite + React 19 and Express 5 + React 18.3 apps, built and driven.
    [dropIn('consumer')],
  ],
];

const only = process.argv.slice(2);
const chosen = (step) => only.length === 0 || only.some((o) => step.name.startsWith(o));
const plan = stages
  .map((lanes) => lanes.map((lane) => lane.filter(chosen)).filter((lane) => lane.length > 0))
  .filter((lanes) => lanes.length > 0);

const logs = join(reports, 'logs');
mkdirSync(logs, { recursive: true });

/**
 * Runs one step. Alone in its stage it writes to this terminal; beside other lanes its output
 * goes to a log file, printed whole when the step ends, so the lanes' lines never interleave.
 */
function run(step, alone) {
  const header = `\n━━ ${step.name}: ${step.cmd.join(' ')}`;
  if (alone) console.log(header);
  const started = Date.now();
  const logFile = join(logs, `${step.name.replaceAll(' ', '-')}.log`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd[0], step.cmd.slice(1), {
      cwd: root,
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1', ...step.env },
    });
    let log;
    if (!alone) {
      log = createWriteStream(logFile);
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
    }
    let finished = false;
    const finish = (status, error) => {
      if (finished) return;
      finished = true;
      const done = () => {
        if (!alone) console.log(`${header}\n${readFileSync(logFile, 'utf8')}`);
        const counts = step.count?.() ?? null;
        resolve({ name: step.name, ok: status === 0, seconds: (Date.now() - started) / 1000, counts, error });
      };
      if (log) log.end(done);
      else done();
    };
    child.once('error', (error) => finish(null, error));
    child.once('close', (status) => finish(status, undefined));
  });
}

const results = [];
for (const lanes of plan) {
  const alone = lanes.length === 1;
  const laneResults = await Promise.all(
    lanes.map(async (lane) => {
      const out = [];
      for (const step of lane) out.push(await run(step, alone));
      return out;
    }),
  );
  results.push(...laneResults.flat());
}

let passed = 0;
let failed = 0;
const rows = results.map((r) => {
  const c = r.counts;
  if (c) {
    passed += c.passed;
    failed += c.failed;
  }
  // A failing step without a failing test case (lint, typecheck, a crash) still counts as one failure.
  if (!r.ok && (!c || c.failed === 0)) failed += 1;
  const tests = c ? `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}` : '';
  return [r.name, r.ok ? 'ok' : 'FAILED', `${r.seconds.toFixed(1)}s`, tests];
});

const header = ['step', 'result', 'time', 'tests'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));
for (const r of results) if (r.error) console.log(`${r.name}: ${r.error.message}`);

const allOk = results.every((r) => r.ok);
console.log(
  `\n${
    allOk
      ? 'gate passed'
      : `gate FAILED: ${results
          .filter((r) => !r.ok)
          .map((r) => r.name)
          .join(', ')}`
  }`,
);
console.log(`tests: ${passed} passed, ${failed} failed`);
// exitCode, not exit(): a piped stdout (CI) must flush the summary before the process ends.
process.exitCode = allOk ? 0 : 1;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Vitest's JSON reporter (Jest-compatible shape). A file that failed to load counts as one failure. */
function countVitest(file) {
  const report = readJson(file);
  if (!report) return null;
  const loadFailures = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + loadFailures,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** Playwright's JSON reporter: `flaky` passed on a retry, so it counts as passed. */
function countPlaywright(file) {
  const report = readJson(file);
  if (!report?.stats) return null;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}
