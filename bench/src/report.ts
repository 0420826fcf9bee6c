/** Renders bench/results/latest.md from the results object. */
import type { BenchResults } from './results';
import type { Summary } from './stats';

const fmt = (s: Summary | undefined, digits = 1) =>
  s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '—';
const spread = (s: Summary | undefined, digits = 1) =>
  s ? `${s.median.toFixed(digits)} (p10 ${s.p10.toFixed(digits)}, p90 ${s.p90.toFixed(digits)})` : '—';
const num = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));

export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [
    '# cascadekit benchmark results',
    '',
    `${m.date} · commit \`${m.commit}\`${m.dirty ? ' (uncommitted changes)' : ''} · Node ${m.node} · ${m.platform} · ${m.cores} × ${m.cpu} · ${m.memoryGiB} GiB · load ${m.loadAverage.join(' / ')} · run took ${results.durationSeconds} s`,
    '',
    'Medians, with the spread in brackets (min–max over repetitions, or p10/p90 over samples). The machine is shared: ratios matter, absolutes drift.',
    '',
  ];
  const g = results.sections.gateway;
  if (g) {
    out.push(
      '## Gateway overhead (1a)',
      '',
      `autocannon, ${g.config.connections} connections, ${g.config.reps} × ${g.config.seconds} s after a 1 s warm-up; streaming answers of ${g.config.upstreamTokens} tokens from one local upstream. TTFT: ${g.config.ttftSamples} sequential streaming requests on one keep-alive socket. Each server in its own child process; peak RSS sampled every 100 ms from /proc during the load.`,
      '',
      '| Server | req/s | × passthrough | p50 ms | p99 ms | TTFT ms | + TTFT vs direct | peak RSS MiB | errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const t of g.targets) {
      if (t.status !== 'ok') {
        out.push(`| ${t.label} | ${t.status}: ${t.note ?? ''} | | | | | | | |`);
        continue;
      }
      out.push(
        `| ${t.label} | ${fmt(t.reqPerSec, 0)} | ${num(t.ratioToPassthrough)} | ${fmt(t.latencyP50Ms)} | ${fmt(t.latencyP99Ms)} | ${spread(t.ttftMs, 2)} | ${num(t.addedTtftMs)} | ${num(t.peakRssMiB, 1)} (idle ${num(t.idleRssMiB, 1)}) | ${(t.errors ?? 0) + (t.non2xx ?? 0)} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
