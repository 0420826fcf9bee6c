/**
 * A/B of gateway children: the same child entry (default `bench/src/gateway/cascade.ts`) bundled
 * from several checkouts, each in its own process in front of one upstream, next to the
 * passthrough, and timed in alternating rounds. Per round and server: CPU per request (/proc) and
 * req/s; reported as the median of per-round ratios (to the passthrough, and to the first
 * checkout), which keeps a ratio meaningful while a shared machine's speed drifts.
 *
 *   node --conditions=@cascadekit/source --import tsx bench/src/gateway/ab.ts old=/path/to/checkout new=.
 *
 * Each argument is `label=checkout[:entry]`. Env: AB_ROUNDS (default 8), AB_SECONDS (3), AB_CONN (50),
 * AB_MODEL (`fallback,one`), AB_WARMUP_REQUESTS (5000 per server first, at most 60 s), and the upstream's
 * UPSTREAM_MODE (`turn`, `burst`, `paced`; UPSTREAM_PACE_MS 5); AB_OUT, a file to append the figures to.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { benchDir } from '../build-child';
import { type ChildServer, readCpuMs, startChild } from './child';

const rounds = Number(process.env.AB_ROUNDS ?? 8);
const seconds = Number(process.env.AB_SECONDS ?? 3);
const connections = Number(process.env.AB_CONN ?? 50);
const models = (process.env.AB_MODEL ?? 'fallback,one').split(',');
/**
 * Round 0 only warms the servers up: each serves this many requests (at most 60 s) before
 * anything is measured. A fresh gateway child spends about 4 × the CPU per request of a warm one
 * on its first few hundred requests, and settles after about 4,000 (`bench/README.md`, 1a).
 */
const warmupRequests = Number(process.env.AB_WARMUP_REQUESTS ?? 5000);
const outDir = join(benchDir, '.out', 'ab');

/** Bundles `entry` of `checkout` (its packages from source) into one file named by `label`. */
async function bundle(label: string, checkout: string, entry: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${label}.mjs`);
  await build({
    entryPoints: [join(checkout, entry)],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@cascadekit/source'],
    logLevel: 'silent',
    absWorkingDir: checkout,
    // CommonJS dependencies may require Node built-ins.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

interface Row {
  label: string;
  model: string;
  server: ChildServer;
  cpuPerRequest: number[];
  reqPerSec: number[];
}

const checkouts = process.argv.slice(2).map((argument) => {
  const [label, spec = '.'] = argument.split('=') as [string, string | undefined];
  const [checkout, entry = 'bench/src/gateway/cascade.ts'] = spec.split(':') as [string, string | undefined];
  return { label, checkout: resolve(checkout), entry };
});
if (checkouts.length === 0) throw new Error('usage: ab.ts label=checkout[:entry] ...');

const here = resolve(benchDir, '..');
const upstream = await startChild('upstream', [await bundle('upstream', here, 'bench/src/gateway/upstream.ts')]);
const rows: Row[] = [];
try {
  const passthrough = await bundle('passthrough', here, 'bench/src/gateway/passthrough.ts');
  rows.push({
    label: 'passthrough',
    model: 'bench-model',
    server: await startChild('passthrough', [passthrough], { UPSTREAM_URL: upstream.url }),
    cpuPerRequest: [],
    reqPerSec: [],
  });
  for (const { label, checkout, entry } of checkouts) {
    const file = await bundle(label, checkout, entry);
    for (const model of models) {
      const server = await startChild(label, [file], { UPSTREAM_URL: upstream.url });
      rows.push({ label: `${label}/${model}`, model, server, cpuPerRequest: [], reqPerSec: [] });
    }
  }
  const load = (row: Row, duration: number) =>
    autocannon({
      url: `${row.server.url}/v1/chat/completions`,
      connections,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
      body: JSON.stringify({
        model: row.model,
        stream: true,
        messages: [{ role: 'user', content: 'Say fifty tokens.' }],
      }),
      duration,
    });
  for (const row of rows) {
    const end = performance.now() + 60_000;
    for (let served = 0; served < warmupRequests && performance.now() < end; ) {
      served += (await load(row, 5)).requests.total;
    }
  }
  for (let round = 1; round <= rounds; round++) {
    // Odd rounds run in reverse order.
    for (const row of round % 2 ? [...rows].reverse() : rows) {
      const cpu = readCpuMs(row.server.pid);
      const result = await load(row, seconds);
      if (result.non2xx || result.errors)
        throw new Error(`${row.label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      row.cpuPerRequest.push((readCpuMs(row.server.pid) - cpu) / result.requests.total);
      row.reqPerSec.push(result.requests.total / result.duration);
    }
  }
} finally {
  for (const row of rows) await row.server.stop();
  await upstream.stop();
}

const pass = rows[0] as Row;
const ratio = (row: Row, to: Row) => median(row.cpuPerRequest.map((v, i) => v / (to.cpuPerRequest[i] ?? Number.NaN)));
/** The first checkout's row of the same model: what each row is compared with. */
const baseOf = (row: Row) => rows.find((r) => r.model === row.model && r !== pass) as Row;
const lines = [
  `${rounds} rounds of ${seconds} s, ${connections} connections, upstream ${process.env.UPSTREAM_MODE ?? 'turn'}, ${warmupRequests} requests of warm-up per server, load average ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
  ...rows.map((row) =>
    [
      row.label.padEnd(24),
      `req/s ${median(row.reqPerSec).toFixed(0).padStart(5)}`,
      `CPU ms/request ${median(row.cpuPerRequest).toFixed(3)}`,
      `× passthrough ${ratio(row, pass).toFixed(2)}`,
      row === pass ? '' : `× ${baseOf(row).label} ${ratio(row, baseOf(row)).toFixed(3)}`,
    ].join('  '),
  ),
];
console.log(lines.join('\n'));
// AB_OUT: append the figures, with the command that produced them, to a results file.
if (process.env.AB_OUT) {
  const command = `UPSTREAM_MODE=${process.env.UPSTREAM_MODE ?? 'turn'} AB_ROUNDS=${rounds} AB_SECONDS=${seconds} AB_CONN=${connections} AB_MODEL=${models.join(',')} node --conditions=@cascadekit/source --import tsx bench/src/gateway/ab.ts ${process.argv.slice(2).join(' ')}`;
  appendFileSync(
    process.env.AB_OUT,
    `\n${new Date().toISOString()}\n\n\`\`\`\n$ ${command}\n${lines.join('\n')}\n\`\`\`\n`,
  );
}
