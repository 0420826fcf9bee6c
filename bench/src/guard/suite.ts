/**
 * The guard's cost: the one-model gateway with `authorize` and every limit on, against the same
 * server with the guard off, in alternating rounds (off, on, off, on …) so a shared machine's
 * drift falls on both alike. Reports req/s (autocannon, 50 connections) and the server's CPU
 * time per request, each the median over rounds, and on/off ratios of the per-round pairs.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDir, bundleChild } from '../build-child';
import { type ChildServer, readCpuMs, startChild } from '../gateway/child';
import { round, type Summary, summarize } from '../stats';

export interface GuardSideResult {
  reqPerSec: Summary;
  cpuMsPerRequest: Summary;
  non2xx: number;
  errors: number;
}

export interface GuardSection {
  config: { seconds: number; rounds: number; connections: number };
  off: GuardSideResult;
  on: GuardSideResult;
  /** Median over rounds of on/off req/s. */
  reqPerSecRatio: number;
  /** Median over rounds of on/off CPU per request. */
  cpuRatio: number;
}

async function measure(server: ChildServer, seconds: number, connections: number) {
  const cpuBefore = readCpuMs(server.pid);
  const result = await autocannon({
    url: `${server.url}/v1/chat/completions`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'one', stream: true, messages: [{ role: 'user', content: 'Say fifty tokens.' }] }),
    timeout: 10,
  });
  return {
    reqPerSec: result.requests.total / result.duration,
    cpuMsPerRequest: (readCpuMs(server.pid) - cpuBefore) / Math.max(1, result.requests.total),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function runGuardSuite(options: {
  seconds: number;
  rounds: number;
  connections: number;
  log: (line: string) => void;
}): Promise<GuardSection> {
  const upstream = await startChild('upstream', [await bundleChild(join(benchDir, 'src/gateway/upstream.ts'))]);
  const child = await bundleChild(join(benchDir, 'src/guard/guarded-gateway.ts'));
  const servers = {
    off: await startChild('guard-off', [child], { UPSTREAM_URL: upstream.url, GUARD: 'off' }),
    on: await startChild('guard-on', [child], { UPSTREAM_URL: upstream.url, GUARD: 'on' }),
  };
  const samples = { off: [] as Awaited<ReturnType<typeof measure>>[], on: [] as Awaited<ReturnType<typeof measure>>[] };
  try {
    for (const side of ['off', 'on'] as const) await measure(servers[side], 1, options.connections); // warm-up
    for (let round = 0; round < options.rounds; round++) {
      for (const side of ['off', 'on'] as const) {
        options.log(`guard: round ${round + 1}/${options.rounds}, guard ${side}`);
        samples[side].push(await measure(servers[side], options.seconds, options.connections));
      }
    }
  } finally {
    await Promise.all([servers.off.stop(), servers.on.stop(), upstream.stop()]);
  }
  const side = (list: typeof samples.off): GuardSideResult => ({
    reqPerSec: summarize(list.map((s) => s.reqPerSec)),
    cpuMsPerRequest: summarize(list.map((s) => s.cpuMsPerRequest)),
    non2xx: list.reduce((sum, s) => sum + s.non2xx, 0),
    errors: list.reduce((sum, s) => sum + s.errors, 0),
  });
  const ratios = (pick: (s: (typeof samples.off)[number]) => number) =>
    summarize(samples.on.map((on, i) => pick(on) / pick(samples.off[i] as (typeof samples.off)[number]))).median;
  return {
    config: { seconds: options.seconds, rounds: options.rounds, connections: options.connections },
    off: side(samples.off),
    on: side(samples.on),
    reqPerSecRatio: round(
      ratios((s) => s.reqPerSec),
      3,
    ),
    cpuRatio: round(
      ratios((s) => s.cpuMsPerRequest),
      3,
    ),
  };
}
