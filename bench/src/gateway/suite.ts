/**
 * Benchmark 1a: gateway overhead, in three upstream regimes (see `REGIMES`) and at 50 and 200
 * connections. Every server runs in its own child process in front of one upstream child, which
 * switches regimes between the measurements; the servers are warmed up once. Per regime each is
 * checked (50 tokens and `[DONE]`), its time to first token measured by a sequential client,
 * then the servers are loaded by autocannon in interleaved rounds (the order reversed every other
 * round), so a drifting shared machine hits them alike. Per round and server: req/s, p50/p99
 * latency, the server process's CPU per request (/proc) and its peak RSS.
 */

import { Agent } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDir, bundleChild } from '../build-child';
import { median, round, type Summary, summarize } from '../stats';
import { type ChildServer, readCpuMs, startChild } from './child';
import { gatewayTargets, REGIMES, type Target, type UpstreamRegime } from './targets';
import { measureOnce, measureTtft } from './ttft';

/** One server at one connection count, over the interleaved rounds. */
export interface GatewayLoadRow {
  name: string;
  label: string;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  reqPerSec?: Summary;
  latencyP50Ms?: Summary;
  latencyP99Ms?: Summary;
  /**
   * CPU time (user + system) of the server process per request, one value per round, in ms.
   * Unlike req/s it does not depend on how much of the shared cores the load generator takes.
   */
  cpuMsPerRequest?: Summary;
  /** Peak RSS during each round, MiB. */
  peakRssMiB?: Summary;
  /** Medians of the per-round ratios to the passthrough's figure of the same round. */
  reqPerSecRatio?: number;
  cpuRatio?: number;
  rssRatio?: number;
  errors?: number;
  non2xx?: number;
}

/** One server's time to first token (sequential requests on one keep-alive socket). */
export interface GatewayTtftRow {
  name: string;
  label: string;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  ttftMs?: Summary;
  /** Client reads per answer: how many pieces the answer arrived in. */
  readsPerAnswer?: Summary;
  /** Median TTFT minus the direct upstream's (and minus the passthrough's). */
  addedTtftMs?: number;
  addedOverPassthroughMs?: number;
  idleRssMiB?: number;
}

export interface GatewayRegimeResult {
  regime: UpstreamRegime;
  label: string;
  ttft: GatewayTtftRow[];
  loads: { connections: number; rows: GatewayLoadRow[] }[];
}

export interface GatewayOptions {
  seconds: number;
  rounds: number;
  connections: number[];
  ttftSamples: number;
  /** TTFT samples in the paced regime, where each answer takes 250 ms or more. */
  pacedTtftSamples: number;
  /**
   * Requests each server serves before anything is measured (the JIT settles), in runs of at
   * most 60 s in all: a slow server (Portkey) stops at the time limit.
   */
  warmupRequests: number;
  regimes: UpstreamRegime[];
  log: (line: string) => void;
}

const messages = [{ role: 'user', content: 'Say fifty tokens.' }];
const body = (model: string) => JSON.stringify({ model, stream: true, messages });

interface Running {
  target: Target;
  server?: ChildServer;
  note?: string;
  status: 'ok' | 'skipped' | 'failed';
}

interface RoundSample {
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  peakRss: number;
  errors: number;
  non2xx: number;
}

export async function runGatewaySuite(options: GatewayOptions): Promise<GatewayRegimeResult[]> {
  const upstream = await startChild('upstream', [await bundleChild(join(benchDir, 'src/gateway/upstream.ts'))], {
    UPSTREAM_MODE: 'burst',
    UPSTREAM_PACE_MS: '5',
  });
  const running: Running[] = [];
  const results: GatewayRegimeResult[] = [];
  try {
    for (const target of gatewayTargets(() => upstream)) running.push(await start(target, upstream.url, options));
    // The same processes serve every regime, warmed up first: a gateway is a long-running
    // process, and its first thousands of requests pay for the JIT compiling its code (measured
    // on this machine: ~10 % of its CPU until ~2,500 requests of the paced regime had passed).
    for (const run of running.filter((r) => r.status === 'ok')) {
      options.log(`gateway: warming up ${run.target.label} (${options.warmupRequests} requests or 60 s)`);
      await warmUp(run, upstream.url, options.warmupRequests);
    }
    for (const regime of REGIMES.filter((r) => options.regimes.includes(r.name))) {
      await setRegime(upstream.url, regime.name);
      const samples = regime.name === 'paced' ? options.pacedTtftSamples : options.ttftSamples;
      const ttft: GatewayTtftRow[] = [];
      for (const run of running) {
        options.log(`gateway ${regime.name}: time to first token, ${run.target.label}`);
        ttft.push(await measureTarget(run, upstream.url, samples));
      }
      addTtftDeltas(ttft);
      const loads: GatewayRegimeResult['loads'] = [];
      for (const connections of options.connections) {
        options.log(`gateway ${regime.name}: ${connections} connections, ${options.rounds} interleaved rounds`);
        loads.push({ connections, rows: await loadRounds(running, upstream.url, connections, options) });
      }
      results.push({ regime: regime.name, label: regime.label, ttft, loads });
    }
  } finally {
    for (const run of running) await run.server?.stop();
    await upstream.stop();
  }
  return results;
}

/** Load in runs of 5 s until the server has served `requests` requests (or 60 s passed). */
async function warmUp(run: Running, upstream: string, requests: number): Promise<void> {
  const end = performance.now() + 60_000;
  let served = 0;
  while (served < requests && performance.now() < end) {
    const sample = await loadOnce(run, upstream, 50, 5).catch(() => undefined);
    if (!sample) return;
    served += Math.round(sample.reqPerSec * 5);
  }
}

/** Switches how the upstream writes its answers (`PUT /mode/<regime>`). */
async function setRegime(upstream: string, regime: UpstreamRegime): Promise<void> {
  const response = await fetch(`${upstream}/mode/${regime}`, { method: 'PUT' });
  if (response.status !== 204) throw new Error(`the upstream refused regime ${regime} (${response.status})`);
}

async function start(target: Target, upstream: string, options: GatewayOptions): Promise<Running> {
  try {
    return { target, server: await target.start(upstream), status: 'ok' };
  } catch (error) {
    options.log(`gateway: ${target.label} did not start: ${firstLine(error)}`);
    return { target, status: 'skipped', note: `could not start: ${firstLine(error)}` };
  }
}

function requestOf(run: Running, upstream: string) {
  const server = run.server as ChildServer;
  return {
    url: `${server.url}/v1/chat/completions`,
    headers: { authorization: 'Bearer sk-bench', ...run.target.headers?.(upstream) },
    payload: body(run.target.model),
  };
}

/** Checks the answer (a fast wrong answer is no result), then measures time to first token. */
async function measureTarget(run: Running, upstream: string, samples: number): Promise<GatewayTtftRow> {
  const base = { name: run.target.name, label: run.target.label };
  if (run.status !== 'ok' || !run.server) return { ...base, status: run.status, note: run.note ?? '' };
  const { url, headers, payload } = requestOf(run, upstream);
  try {
    const agent = new Agent({ keepAlive: false });
    const check = await measureOnce(url, payload, headers, agent).finally(() => agent.destroy());
    if (check.tokens !== 50 || !check.done) {
      run.status = 'failed';
      run.note = `answer had ${check.tokens} tokens, [DONE]=${check.done}`;
      return { ...base, status: 'failed', note: run.note };
    }
    const idleRssMiB = round(run.server.rssMiB(), 1);
    const ttft = await measureTtft(url, payload, headers, samples);
    return {
      ...base,
      status: 'ok',
      ttftMs: summarize(ttft.map((s) => s.ttftMs)),
      readsPerAnswer: summarize(ttft.map((s) => s.reads)),
      idleRssMiB,
    };
  } catch (error) {
    run.status = 'failed';
    run.note = firstLine(error);
    return { ...base, status: 'failed', note: run.note };
  }
}

function addTtftDeltas(rows: GatewayTtftRow[]): void {
  const direct = rows.find((r) => r.name === 'direct')?.ttftMs?.median;
  const pass = rows.find((r) => r.name === 'passthrough')?.ttftMs?.median;
  for (const row of rows) {
    if (!row.ttftMs) continue;
    if (direct !== undefined) row.addedTtftMs = round(row.ttftMs.median - direct);
    if (pass !== undefined) row.addedOverPassthroughMs = round(row.ttftMs.median - pass);
  }
}

/**
 * A round's length at `connections`: `seconds` at 50, proportionally longer above (at most 3 ×),
 * since at 200 connections on a busy machine one answer can take longer than 3 s and a round
 * then completes no request at all.
 */
export function roundSeconds(seconds: number, connections: number): number {
  return seconds * Math.min(3, Math.max(1, connections / 100));
}

/** A 1 s warm-up per server, then `rounds` rounds of every server in turn. */
async function loadRounds(
  running: Running[],
  upstream: string,
  connections: number,
  options: GatewayOptions,
): Promise<GatewayLoadRow[]> {
  const live = running.filter((run) => run.status === 'ok');
  // Per server, its sample of each round (a round that failed has none).
  const samples = new Map<Running, (RoundSample | undefined)[]>(live.map((run) => [run, []]));
  const failures = new Map<Running, string>();
  for (let roundIndex = -1; roundIndex < options.rounds; roundIndex++) {
    const order = roundIndex % 2 === 1 ? [...live].reverse() : live;
    for (const run of order) {
      let sample: RoundSample | undefined;
      try {
        sample = await loadOnce(
          run,
          upstream,
          connections,
          roundIndex < 0 ? 1 : roundSeconds(options.seconds, connections),
        );
      } catch (error) {
        failures.set(run, firstLine(error));
      }
      if (roundIndex >= 0) (samples.get(run) as (RoundSample | undefined)[])[roundIndex] = sample;
    }
  }
  const pass = live.find((run) => run.target.name === 'passthrough');
  const passSamples = pass ? (samples.get(pass) ?? []) : [];
  return running.map((run) => {
    const base = { name: run.target.name, label: run.target.label };
    if (run.status !== 'ok') return { ...base, status: run.status, note: run.note ?? '' };
    const rounds = samples.get(run) ?? [];
    const own = rounds.filter((s): s is RoundSample => s !== undefined);
    const failure = failures.get(run);
    if (own.length === 0) return { ...base, status: 'failed', note: failure ?? 'no round completed' };
    /** Median over the rounds where both this server and the passthrough have a sample. */
    const ratio = (pick: (s: RoundSample) => number) => {
      const ratios: number[] = [];
      rounds.forEach((s, i) => {
        const p = passSamples[i];
        if (s && p) ratios.push(pick(s) / pick(p));
      });
      return ratios.length > 0 ? round(median(ratios)) : undefined;
    };
    const row: GatewayLoadRow = {
      ...base,
      status: 'ok',
      reqPerSec: summarize(own.map((s) => s.reqPerSec)),
      latencyP50Ms: summarize(own.map((s) => s.p50)),
      latencyP99Ms: summarize(own.map((s) => s.p99)),
      cpuMsPerRequest: summarizeFine(own.map((s) => s.cpuPerRequest)),
      peakRssMiB: summarize(own.map((s) => s.peakRss)),
      errors: own.reduce((sum, s) => sum + s.errors, 0),
      non2xx: own.reduce((sum, s) => sum + s.non2xx, 0),
    };
    if (own.length < options.rounds) row.note = `${options.rounds - own.length} round(s) failed: ${failure ?? ''}`;
    const reqRatio = ratio((s) => s.reqPerSec);
    const cpuRatio = ratio((s) => s.cpuPerRequest);
    const rssRatio = ratio((s) => s.peakRss);
    if (reqRatio !== undefined) row.reqPerSecRatio = reqRatio;
    if (cpuRatio !== undefined) row.cpuRatio = cpuRatio;
    if (rssRatio !== undefined) row.rssRatio = rssRatio;
    return row;
  });
}

async function loadOnce(run: Running, upstream: string, connections: number, seconds: number): Promise<RoundSample> {
  const server = run.server as ChildServer;
  const { url, headers, payload } = requestOf(run, upstream);
  server.resetPeak();
  const cpuBefore = readCpuMs(server.pid);
  const result = await autocannon({
    url,
    connections,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: payload,
    timeout: 10,
    duration: seconds,
  });
  const requests = result.requests.total;
  if (requests === 0) throw new Error(`no request completed in ${seconds} s at ${connections} connections`);
  return {
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: (readCpuMs(server.pid) - cpuBefore) / requests,
    peakRss: server.peakRssMiB(),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** {@link summarize} with three decimals: CPU per request is a fraction of a millisecond. */
function summarizeFine(values: number[]): Summary {
  const s = summarize(values.map((v) => v * 1000));
  return {
    median: s.median / 1000,
    min: s.min / 1000,
    max: s.max / 1000,
    p10: s.p10 / 1000,
    p90: s.p90 / 1000,
    n: s.n,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
