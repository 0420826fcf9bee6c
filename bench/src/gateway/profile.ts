/**
 * CPU profile of one gateway child under load: the child (default `bench/src/gateway/cascade.ts`,
 * bundled unminified so functions keep their names) runs with `node --cpu-prof` in front of the
 * bench upstream while autocannon loads it; then the profile's self time is summed per function
 * and per source file and the top entries are printed, as a share of the busy (non-idle) time.
 *
 *   node --conditions=@cascadekit/source --import tsx bench/src/gateway/profile.ts
 *
 * Env: PROFILE_WARMUP (5 s of load before profiling), PROFILE_MODEL (`one`; `fallback`, `fallback-breaker`, or `bench-model` with
 * PROFILE_ENTRY=bench/src/gateway/passthrough.ts), PROFILE_SECONDS (10), PROFILE_CONN (50),
 * PROFILE_TOP (40), PROFILE_ENTRY, and the upstream's UPSTREAM_MODE (`turn`, `burst`, `paced`).
 * The raw profile stays in bench/.out/prof/ (open it in Chrome DevTools).
 *
 * V8's profiler samples wall time: on a busy machine a thread preempted inside a syscall (a
 * loopback `writev` wakes the reader) piles samples onto that call. `PROFILE_TOOL=perf` samples
 * CPU time instead (`perf record -e cpu-clock` on the child, JIT names from `--perf-basic-prof`)
 * and prints `perf report`'s self time per symbol, native code included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { benchDir } from '../build-child';
import { readCpuMs, startChild } from './child';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const connections = Number(process.env.PROFILE_CONN ?? 50);
const model = process.env.PROFILE_MODEL ?? 'one';
const top = Number(process.env.PROFILE_TOP ?? 40);
const entry = process.env.PROFILE_ENTRY ?? 'bench/src/gateway/cascade.ts';
const usePerf = process.env.PROFILE_TOOL === 'perf';
/** Seconds of load before the profile starts, so the JIT has settled. */
const warmup = Number(process.env.PROFILE_WARMUP ?? 5);
const outDir = join(benchDir, '.out', 'prof');

async function bundle(name: string, file: string): Promise<string> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(benchDir, '..', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@cascadekit/source'],
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

/**
 * The source module of each line of an unminified esbuild bundle: esbuild starts each module's
 * code with a `// path/of/module.ts` comment line.
 */
function moduleLines(bundleFile: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  readFileSync(bundleFile, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const match = /^\/\/ ((?:packages|bench|node_modules)\/\S+)$/.exec(text);
      if (match)
        starts.push({
          line: index,
          module: (match[1] as string).replace(/^node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, ''),
        });
    });
  return (line) => {
    let found = '(bundle)';
    for (const start of starts) {
      if (start.line > line) break;
      found = start.module;
    }
    return found;
  };
}

/** Self time per key (function, file, source module) in µs, and the total of non-idle samples. */
function summarize(profile: CpuProfile, moduleOf: (line: number) => string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = (frame: ProfileNode['callFrame']) => {
    const file = frame.url ? (frame.url.split('/').pop() ?? frame.url) : '(native)';
    return { file, name: `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}` };
  };
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  /** Self time per source module of the bundle (Node's own files and native code as they are). */
  const byModule = new Map<string, number>();
  /** Inclusive time: the function and everything it called. */
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += us;
    const { file, name } = nameOf(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    const module =
      file === 'child.mjs' ? moduleOf(frame.lineNumber) : file === '(native)' ? `(native) ${frame.functionName}` : file;
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = nameOf((byId.get(at) as ProfileNode).callFrame).name;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  return { byFunction, byFile, byModule, inclusive, busy };
}

/** Layers of the gateway child, for a summary of the self time by source module. */
const LAYERS: [string, RegExp][] = [
  [
    'cascadekit providers (SSE parse, JSON, provider read loop)',
    /^packages\/server\/src\/providers\/|^eventsource-parser/,
  ],
  [
    'cascadekit chain and policies (turn, lanes, attempts, deadlines, breaker)',
    /^packages\/server\/src\/(chain|policies)\/|clock\.ts$/,
  ],
  ['cascadekit gateway route (request, chunks, final lane)', /^packages\/server\/src\/gateway\//],
  [
    'cascadekit I/O (node/, http/, handler, guard, batch queue)',
    /^packages\/server\/src\/(node|http|guard)\/|handler\.ts$|batch-queue\.ts$/,
  ],
  ['cascadekit core (validators, protocol)', /^packages\/core\//],
  [
    'web objects (Request/Response/Headers, web streams, TextEncoder, AbortController)',
    /^(undici|readablestream|encoding|abort_controller|event_target|js_transferable|webidl|queuingstrategies|util)$/,
  ],
  [
    'Node http, net and streams',
    /^(node:|stream_base_commons|readable|writable|task_queues|timers|async_hooks|primordials|utils|url|end-of-stream|destroy|add-abort-signal)/,
  ],
  ['socket writes (writev; wall time, so inflated on a busy machine)', /^\(native\) writev$/],
  ['garbage collector', /^\(native\) \(garbage collector\)$/],
  ['other native (V8 builtins such as JSON.parse, microtasks, program)', /^\(native\)/],
];

function layers(byModule: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [module, us] of byModule) {
    const layer = LAYERS.find(([, pattern]) => pattern.test(module))?.[0] ?? 'other';
    out.set(layer, (out.get(layer) ?? 0) + us);
  }
  return out;
}

function print(title: string, entries: Map<string, number>, busy: number, count: number): void {
  console.log(`\n${title}`);
  for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const upstream = await startChild('upstream', [await bundle('upstream', 'bench/src/gateway/upstream.ts')]);
const profDir = join(outDir, 'child');
let requests = 0;
let cpuMs = 0;
try {
  // V8's log (written with --perf-basic-prof) goes to the output folder, not the working directory.
  const v8Log = ['--logfile', join(outDir, 'v8.log'), '--no-logfile-per-isolate'];
  const flags = usePerf ? ['--perf-basic-prof', ...v8Log] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const server = await startChild('child', [...flags, await bundle('child', entry)], { UPSTREAM_URL: upstream.url });
  try {
    const cannon = {
      url: `${server.url}/v1/chat/completions`,
      connections,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
      body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Say fifty tokens.' }] }),
    };
    await autocannon({ ...cannon, duration: warmup });
    const before = readCpuMs(server.pid);
    const perf = usePerf
      ? spawn(
          'perf',
          ['record', '-e', 'cpu-clock', '-F', '1999', '-p', String(server.pid), '-o', join(outDir, 'perf.data')],
          {
            stdio: 'ignore',
          },
        )
      : undefined;
    const result = await autocannon({ ...cannon, duration: seconds });
    if (perf) {
      perf.kill('SIGINT');
      await new Promise((resolve) => perf.once('exit', resolve));
    }
    if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
    requests = result.requests.total;
    cpuMs = readCpuMs(server.pid) - before;
  } finally {
    await server.stop({ gently: true }); // the child writes its profile as it exits
  }
} finally {
  await upstream.stop();
}
if (usePerf) {
  console.log(
    `${entry} model ${model}, upstream ${process.env.UPSTREAM_MODE ?? 'turn'}, ${connections} connections, ${seconds} s: ` +
      `${requests} requests, CPU ${(cpuMs / requests).toFixed(3)} ms/request; perf self time per symbol:`,
  );
  const report = spawnSync(
    'perf',
    ['report', '-i', join(outDir, 'perf.data'), '--no-children', '--sort', 'sym', '--stdio'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const rows = report.stdout.split('\n').filter((line) => /^\s+\d/.test(line));
  console.log(rows.slice(0, top).join('\n'));
  process.exit(0);
}
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const { byFunction, byFile, byModule, inclusive, busy } = summarize(
  JSON.parse(readFileSync(join(profDir, file), 'utf8')) as CpuProfile,
  moduleLines(join(outDir, 'child.mjs')),
);
console.log(
  `${entry} model ${model}, upstream ${process.env.UPSTREAM_MODE ?? 'turn'}, ${connections} connections, ${seconds} s: ` +
    `${requests} requests, CPU ${(cpuMs / requests).toFixed(3)} ms/request (profiled, so slower than unprofiled)`,
);
print('self time by function (share of busy time)', byFunction, busy, top);
print('self time by file', byFile, busy, 25);
print('self time by source module (the bundle split by module; Node and native code by file)', byModule, busy, top);
print('self time by layer', layers(byModule), busy, LAYERS.length + 1);
print('inclusive time by function (itself and what it called)', inclusive, busy, top);
console.log(`\nprofile: ${join(profDir, file)}`);
