/** The gateway section of bench/results/latest.md: one table per regime, then issue 15's targets. */
import type { GatewaySection } from '../results';
import type { Summary } from '../stats';
import { type GatewayLoadRow, type GatewayRegimeResult, roundSeconds } from './suite';

const fmt = (s: Summary | undefined, digits = 1) =>
  s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '—';
const spread = (s: Summary | undefined, digits = 1) =>
  s ? `${s.median.toFixed(digits)} (p10 ${s.p10.toFixed(digits)}, p90 ${s.p90.toFixed(digits)})` : '—';
const num = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));

/** Issue 15 item 2: each target's bound, and how a row's figure is read. */
const TARGETS = {
  cpuOne: 1.3,
  cpuFallback: 1.5,
  reqPerSec: 0.9,
  ttftOne: 1,
  ttftFallback: 1.5,
  rss: 1.3,
  failedAttemptMs: 0.1,
};

export function renderGatewaySection(g: GatewaySection): string[] {
  const c = g.config;
  const out: string[] = [
    '## Gateway overhead (1a)',
    '',
    `Streaming answers of ${c.upstreamTokens} tokens from one local upstream, in three regimes (how the upstream writes its tokens). Every server runs in its own child process, the same one in every regime, warmed up first by ${c.warmupRequests} requests at 50 connections, or 60 s for a slower server (a gateway is a long-running process; its first thousands of requests pay for compiling its code). In each regime every answer is checked first (${c.upstreamTokens} tokens and \`[DONE]\`). TTFT: sequential streaming requests on one keep-alive socket (${c.ttftSamples} per server; ${c.pacedTtftSamples} in the paced regime, whose answers take 250 ms), time from sending to the first SSE line with answer text; + direct / + passthrough: median TTFT minus that server's. Reads/answer: network reads that client needed per answer. Load: autocannon at ${c.connections.join(' and ')} connections, ${c.rounds} interleaved rounds per server (${c.connections.map((n) => `${roundSeconds(c.seconds, n)} s at ${n}`).join(', ')}) after a 1 s warm-up (every server once per round, the order reversed every other round); figures are the median over the rounds with min–max, and each × passthrough is the median of the per-round ratios to the passthrough's figure of the same round. CPU/request: the server process's user + system CPU time (/proc) over a round, divided by its requests (unlike req/s it does not depend on the share of the two cores the load generator and the upstream take). Peak RSS: sampled every 100 ms from /proc during each round.`,
    '',
  ];
  for (const regime of g.regimes) out.push(...regimeTables(regime));
  out.push(...targetTable(g));
  return out;
}

function regimeTables(regime: GatewayRegimeResult): string[] {
  const out = [
    `### Regime \`${regime.regime}\`: ${regime.label}`,
    '',
    '| Server | TTFT ms | + direct ms | + passthrough ms | reads/answer | idle RSS MiB |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const t of regime.ttft) {
    if (t.status !== 'ok') {
      out.push(`| ${t.label} | ${t.status}: ${t.note ?? ''} | | | | |`);
      continue;
    }
    out.push(
      `| ${t.label} | ${spread(t.ttftMs, 2)} | ${num(t.addedTtftMs)} | ${num(t.addedOverPassthroughMs)} | ${num(t.readsPerAnswer?.median, 0)} | ${num(t.idleRssMiB, 1)} |`,
    );
  }
  out.push(
    '',
    '| Server | connections | req/s | × passthrough | CPU ms/request | × passthrough | p50 ms | p99 ms | peak RSS MiB | × passthrough | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const load of regime.loads) {
    for (const r of load.rows) {
      if (r.status !== 'ok') {
        out.push(`| ${r.label} | ${load.connections} | ${r.status}: ${r.note ?? ''} | | | | | | | | |`);
        continue;
      }
      out.push(
        `| ${r.label}${r.note ? ` (${r.note})` : ''} | ${load.connections} | ${fmt(r.reqPerSec, 0)} | ${num(r.reqPerSecRatio)} | ${fmt(r.cpuMsPerRequest, 3)} | ${num(r.cpuRatio)} | ${fmt(r.latencyP50Ms, 0)} | ${fmt(r.latencyP99Ms, 0)} | ${fmt(r.peakRssMiB, 0)} | ${num(r.rssRatio)} | ${(r.errors ?? 0) + (r.non2xx ?? 0)} |`,
      );
    }
  }
  out.push('');
  return out;
}

const mark = (value: number | undefined, ok: boolean) => (value === undefined ? '—' : ok ? '✓' : '✗');
const check = (value: number | undefined, bound: number, digits = 2) =>
  value === undefined ? '—' : `${value.toFixed(digits)} ${mark(value, value <= bound)}`;
const atLeast = (value: number | undefined, bound: number) =>
  value === undefined ? '—' : `${value.toFixed(2)} ${mark(value, value >= bound)}`;

/** The CPU a failed first attempt costs: the fallback row's median CPU per request minus the one-model row's. */
export function failedAttemptMs(one: GatewayLoadRow | undefined, fallback: GatewayLoadRow | undefined) {
  if (!one?.cpuMsPerRequest || !fallback?.cpuMsPerRequest) return undefined;
  return fallback.cpuMsPerRequest.median - one.cpuMsPerRequest.median;
}

function targetTable(g: GatewaySection): string[] {
  const out = [
    '### Issue 15 targets, per regime and connection count',
    '',
    `Bounds: CPU per request ≤ ${TARGETS.cpuOne} × the passthrough's with one model and ≤ ${TARGETS.cpuFallback} × with the failing first model (breaker off); req/s ≥ ${TARGETS.reqPerSec} × the passthrough's (lowest of the three cascadekit rows); added TTFT over the direct upstream ≤ ${TARGETS.ttftOne} ms (one model) and ≤ ${TARGETS.ttftFallback} ms (failing first model, breaker off); peak RSS ≤ ${TARGETS.rss} × the passthrough's (highest cascadekit row); a failed first attempt ≤ ${TARGETS.failedAttemptMs} ms of CPU (the breaker-off row's CPU per request minus the one-model row's). ✓ within, ✗ missed, — not checked (a row with a failed round, or no figure).`,
    '',
    '| Regime | connections | CPU × one | CPU × fallback | req/s × (lowest) | + TTFT one ms | + TTFT fallback ms | peak RSS × (highest) | failed attempt ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const regime of g.regimes) {
    const ttft = (name: string) => regime.ttft.find((t) => t.name === name)?.addedTtftMs;
    for (const load of regime.loads) {
      // A row with a failed round has too few samples to check a target against: '—'.
      const row = (name: string) => load.rows.find((r) => r.name === name && r.status === 'ok' && !r.note);
      const cascade = ['cascade-one', 'cascade-fallback', 'cascade-fallback-breaker'].map(row);
      const known = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
      const lowestReq = known(cascade.map((r) => r?.reqPerSecRatio));
      const highestRss = known(cascade.map((r) => r?.rssRatio));
      out.push(
        `| ${regime.regime} | ${load.connections} | ${check(row('cascade-one')?.cpuRatio, TARGETS.cpuOne)} | ${check(row('cascade-fallback')?.cpuRatio, TARGETS.cpuFallback)} | ${atLeast(lowestReq.length ? Math.min(...lowestReq) : undefined, TARGETS.reqPerSec)} | ${check(ttft('cascade-one'), TARGETS.ttftOne)} | ${check(ttft('cascade-fallback'), TARGETS.ttftFallback)} | ${check(highestRss.length ? Math.max(...highestRss) : undefined, TARGETS.rss)} | ${check(failedAttemptMs(row('cascade-one'), row('cascade-fallback')), TARGETS.failedAttemptMs, 3)} |`,
      );
    }
  }
  out.push('');
  return out;
}
