/**
 * Benchmark 1a: gateway overhead. Every server runs in its own child process in front of the
 * same local upstream (50 streamed tokens). Reports req/s, p50/p99 latency (autocannon, 50
 * connections), time to first token (sequential streaming client) and peak RSS.
 */

import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { benchDir, bundleChild } from '../build-child';
import { round, type Summary, summarize } from '../stats';
import { type ChildServer, readCpuMs, startChild } from './child';
import { measureOnce, measureTtft } from './ttft';

export interface GatewayTargetResult {
  name: string;
  label: string;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  reqPerSec?: Summary;
  latencyP50Ms?: Summary;
  latencyP99Ms?: Summary;
  ttftMs?: Summary;
  /** Client reads per answer over the TTFT requests: how many pieces the answer arrived in. */
  readsPerAnswer?: Summary;
  /** Median TTFT minus the direct upstream's median TTFT. */
  addedTtftMs?: number;
  /** Median req/s over the passthrough proxy's median req/s. */
  ratioToPassthrough?: number;
  /**
   * CPU time (user + system) of the server process per request over the measured runs, in ms.
   * Unlike req/s it does not depend on how much of the shared cores the load generator takes.
   */
  cpuMsPerRequest?: number;
  /** cpuMsPerRequest over the passthrough proxy's. */
  cpuRatioToPassthrough?: number;
  peakRssMiB?: number;
  idleRssMiB?: number;
  errors?: number;
  non2xx?: number;
}

export interface GatewayOptions {
  seconds: number;
  reps: number;
  connections: number;
  ttftSamples: number;
  log: (line: string) => void;
}

interface Target {
  name: string;
  label: string;
  start: (upstream: string) => Promise<ChildServer>;
  model: string;
  headers?: (upstream: string) => Record<string, string>;
}

const messages = [{ role: 'user', content: 'Say fifty tokens.' }];
const body = (model: string) => JSON.stringify({ model, stream: true, messages });

function portkeyEntry(): string {
  const require = createRequire(join(benchDir, 'package.json'));
  return join(dirname(require.resolve('@portkey-ai/gateway/package.json')), 'build', 'start-server.js');
}

const targets: Target[] = [
  {
    name: 'direct',
    label: 'Upstream directly',
    model: 'bench-model',
    start: async (upstream) => ({ ...(await nullChild(upstream)) }),
  },
  {
    name: 'passthrough',
    label: 'Hand-written Node passthrough proxy',
    model: 'bench-model',
    start: async (upstream) =>
      startChild('passthrough', [await bundleChild(join(benchDir, 'src/gateway/passthrough.ts'))], {
        UPSTREAM_URL: upstream,
      }),
  },
  {
    name: 'cascade-one',
    label: 'cascadekit, one-model chain',
    model: 'one',
    start: async (upstream) =>
      startChild('cascade', [await bundleChild(join(benchDir, 'src/gateway/cascade.ts'))], { UPSTREAM_URL: upstream }),
  },
  {
    name: 'cascade-fallback',
    label: 'cascadekit, two-model chain, first answers 500',
    model: 'fallback',
    start: async (upstream) =>
      startChild('cascade', [await bundleChild(join(benchDir, 'src/gateway/cascade.ts'))], { UPSTREAM_URL: upstream }),
  },
  {
    name: 'portkey-fallback',
    label: 'Portkey gateway 1.15.2, same fallback (first answers 500)',
    model: 'bench-model',
    start: () =>
      startChild('portkey', [
        '--import',
        join(benchDir, 'src/gateway/portkey-preload.mjs'),
        portkeyEntry(),
        '--port=0',
        '--headless',
      ]),
    headers: (upstream) => ({
      'x-portkey-config': JSON.stringify({
        strategy: { mode: 'fallback' },
        targets: [
          { provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/fail/v1` },
          { provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/v1` },
        ],
      }),
    }),
  },
];

// The direct target is the upstream itself: a handle that starts and stops nothing.
let upstreamChild: ChildServer | undefined;
async function nullChild(_upstream: string): Promise<ChildServer> {
  if (!upstreamChild) throw new Error('upstream not started');
  return { ...upstreamChild, stop: async () => {} };
}

export async function runGatewaySuite(options: GatewayOptions): Promise<GatewayTargetResult[]> {
  const { log } = options;
  upstreamChild = await startChild('upstream', [await bundleChild(join(benchDir, 'src/gateway/upstream.ts'))]);
  const upstream = upstreamChild.url;
  const results: GatewayTargetResult[] = [];
  try {
    for (const target of targets) {
      log(`gateway: ${target.label}`);
      results.push(await runTarget(target, upstream, options));
    }
  } finally {
    await upstreamChild.stop();
    upstreamChild = undefined;
  }
  const direct = results.find((r) => r.name === 'direct');
  const pass = results.find((r) => r.name === 'passthrough');
  for (const r of results) {
    if (r.ttftMs && direct?.ttftMs) r.addedTtftMs = round(r.ttftMs.median - direct.ttftMs.median);
    if (r.reqPerSec && pass?.reqPerSec) r.ratioToPassthrough = round(r.reqPerSec.median / pass.reqPerSec.median);
    if (r.cpuMsPerRequest && pass?.cpuMsPerRequest) {
      r.cpuRatioToPassthrough = round(r.cpuMsPerRequest / pass.cpuMsPerRequest);
    }
  }
  return results;
}

async function runTarget(target: Target, upstream: string, options: GatewayOptions): Promise<GatewayTargetResult> {
  const base = { name: target.name, label: target.label };
  let server: ChildServer;
  try {
    server = await target.start(upstream);
  } catch (error) {
    return { ...base, status: 'skipped', note: `could not start: ${firstLine(error)}` };
  }
  try {
    const url = `${server.url}/v1/chat/completions`;
    const headers = { authorization: 'Bearer sk-bench', ...target.headers?.(upstream) };
    const payload = body(target.model);
    // Correctness first: a fast wrong answer is no result.
    const agent = new Agent({ keepAlive: false });
    const check = await measureOnce(url, payload, headers, agent).finally(() => agent.destroy());
    if (check.tokens !== 50 || !check.done) {
      return { ...base, status: 'failed', note: `answer had ${check.tokens} tokens, [DONE]=${check.done}` };
    }
    const idleRssMiB = round(server.rssMiB(), 1);
    const ttft = await measureTtft(url, payload, headers, options.ttftSamples);
    const cannon = {
      url,
      connections: options.connections,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: payload,
      timeout: 10,
    };
    await autocannon({ ...cannon, duration: 1 }); // warm-up, not measured
    server.resetPeak();
    const cpuBefore = readCpuMs(server.pid);
    let requests = 0;
    const reqs: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    let errors = 0;
    let non2xx = 0;
    for (let rep = 0; rep < options.reps; rep++) {
      const result = await autocannon({ ...cannon, duration: options.seconds });
      reqs.push(result.requests.total / result.duration);
      requests += result.requests.total;
      p50.push(result.latency.p50);
      p99.push(result.latency.p99);
      errors += result.errors + result.timeouts;
      non2xx += result.non2xx;
    }
    return {
      ...base,
      status: 'ok',
      reqPerSec: summarize(reqs),
      latencyP50Ms: summarize(p50),
      latencyP99Ms: summarize(p99),
      ttftMs: summarize(ttft.map((s) => s.ttftMs)),
      readsPerAnswer: summarize(ttft.map((s) => s.reads)),
      cpuMsPerRequest: round((readCpuMs(server.pid) - cpuBefore) / requests, 3),
      peakRssMiB: round(server.peakRssMiB(), 1),
      idleRssMiB,
      errors,
      non2xx,
    };
  } catch (error) {
    return { ...base, status: 'failed', note: firstLine(error) };
  } finally {
    await server.stop();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
