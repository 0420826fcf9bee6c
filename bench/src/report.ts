/** Renders bench/results/latest.md from the results object. */
import { renderCostMarkdown } from './browser/render-report';
import { renderGatewaySection } from './gateway/report';
import type { BenchResults } from './results';
import type { Summary } from './stats';

const fmt = (s: Summary | undefined, digits = 1) =>
  s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '—';
const spread = (s: Summary | undefined, digits = 1) =>
  s ? `${s.median.toFixed(digits)} (p10 ${s.p10.toFixed(digits)}, p90 ${s.p90.toFixed(digits)})` : '—';
const num = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));
/** Sections of a full run (`SECTIONS` in run.ts). */
const SECTION_COUNT = 8;

export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [
    '# cascadekit benchmark results',
    '',
    `${m.date} · commit \`${m.commit}\`${m.dirty ? ' (uncommitted changes)' : ''} · Node ${m.node} · ${m.platform} · ${m.cores} × ${m.cpu} · ${m.memoryGiB} GiB · load ${m.loadAverage.join(' / ')} · run took ${results.durationSeconds} s`,
    '',
    ...(results.ranSections && results.ranSections.length < SECTION_COUNT
      ? [`Measured in this run: ${results.ranSections.join(', ')}; the other sections come from an earlier run.`, '']
      : []),
    'Medians, with the spread in brackets (min–max over repetitions, or p10/p90 over samples). The machine is shared: ratios matter, absolutes drift.',
    '',
  ];
  const g = results.sections.gateway;
  // A results file of the earlier layout (one regime, `targets`) has no `regimes`.
  if (g?.regimes) out.push(...renderGatewaySection(g));
  const pl = results.sections.perceived;
  if (pl) {
    out.push(
      '## Perceived latency (1b)',
      '',
      `The demo's production build in Chromium, simulator lanes from apps/demo/lanes.ts (draft: 150 ms to first token, 60 tokens/s; final: 1,200 ms, 40 tokens/s), ${pl.config.turns} turns per page, each in a fresh page. Times from the send (submit event) with in-page \`performance.now()\`; visible = MutationObserver sees the answer's first character; render delay = first \`delta\` bytes reaching the page → that character.`,
      '',
      '| Page | send → first character ms | → next frame ms | render delay ms | send → swap ms | send → settled ms | statuses |',
      '|---|---:|---:|---:|---:|---:|---|',
    );
    for (const p of pl.pages) {
      out.push(
        `| ${p.label} | ${spread(p.firstCharMs, 0)} | ${spread(p.firstPaintMs, 0)} | ${spread(p.renderDelayMs, 1)} | ${spread(p.swapMs, 0)} | ${spread(p.settledMs, 0)} | ${[...new Set(p.statuses)].join(', ')} |`,
      );
    }
    const c = pl.pages.find((p) => p.page === 'cascade');
    const l = pl.pages.find((p) => p.page === 'large-only');
    if (c?.firstCharMs && l?.firstCharMs) {
      out.push(
        '',
        `First character ${(l.firstCharMs.median / c.firstCharMs.median).toFixed(1)}× sooner with the cascade (${c.firstCharMs.median.toFixed(0)} ms vs ${l.firstCharMs.median.toFixed(0)} ms).`,
      );
    }
    out.push('');
  }
  out.push(...renderCostMarkdown(results));
  const z = results.sections.size;
  if (z) {
    const kb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 1000).toFixed(2)} kB`);
    out.push(
      '## Bundle size (1d)',
      '',
      'size-limit 11.2.0 with @size-limit/preset-small-lib: esbuild, minified, gzip; the peers react, react-dom and (for cascadekit) @tanstack/react-query excluded, every other dependency included. "Loaded at start" leaves out chunks an app loads later through `import()` (jsdiff, on the first diff view), which has its own row.',
      '',
      '| Bundle | gzip | budget | within |',
      '|---|---:|---:|---|',
      ...z.cascadekit.map(
        (e) => `| ${e.name} | ${kb(e.bytes)} | ${kb(e.limitBytes)} | ${e.passed === false ? 'NO' : 'yes'} |`,
      ),
      ...z.alternatives.map((e) => `| ${e.name} | ${kb(e.bytes)} | — | — |`),
      '',
    );
  }
  const guard = results.sections.guard;
  if (guard) {
    const row = (name: string, side: typeof guard.on) =>
      `| ${name} | ${fmt(side.reqPerSec, 0)} | ${fmt(side.cpuMsPerRequest, 3)} | ${side.errors + side.non2xx} |`;
    out.push(
      '## The guard’s cost (1e)',
      '',
      `The one-model gateway of 1a with \`authorize\` (a key looked up in a map) and every limit on (turns and tokens per minute, concurrent turns per principal, a process cap; none reached), against the same server without them, in ${guard.config.rounds} alternating rounds of ${guard.config.seconds} s (autocannon, ${guard.config.connections} connections). Ratios: median over rounds of on/off.`,
      '',
      '| Guard | req/s | CPU ms/request | errors |',
      '|---|---:|---:|---:|',
      row('off', guard.off),
      row('on', guard.on),
      '',
      `On/off: req/s × ${num(guard.reqPerSecRatio, 3)}, CPU per request × ${num(guard.cpuRatio, 3)}.`,
      '',
    );
  }
  const rescue = results.sections.rescue;
  if (rescue) {
    const faults = [...new Set(rescue.cells.map((cell) => cell.fault))];
    const fallbacks = [...new Set(rescue.cells.map((cell) => cell.fallback))];
    const cell = (fault: string, fallback: string) =>
      rescue.cells.find((c) => c.fault === fault && c.fallback === fallback);
    out.push(
      '## Mid-stream rescue (1f)',
      '',
      `The streaming gateway over loopback sockets; a primary (${rescue.config.primaries.join(' and ')} format, half the samples each) fails after two tokens and the column's fallback answers: \`prefill\`, Anthropic's format, continues the text sent; \`no prefill\`, OpenAI's, restarts and is spliced on; \`other wording\`, OpenAI's with another answer, which no splice can join. Rescued: the whole answer, \`[DONE]\`, no error (rescued/total); in brackets, streams that ended with an error naming the primary's failure, and answers the fallback served whole because the client had seen none of the primary's text; then the median ms from request to the end.`,
      '',
      `| Fault | ${fallbacks.join(' | ')} |`,
      `|---|${fallbacks.map(() => '---:').join('|')}|`,
      ...faults.map(
        (fault) =>
          `| ${fault} | ${fallbacks
            .map((fallback) => {
              const c = cell(fault, fallback);
              return c
                ? `${c.rescued}/${c.samples} (${c.namedErrors} named, ${c.servedWhole} whole) · ${c.totalMs.median} ms`
                : '—';
            })
            .join(' | ')} |`,
      ),
      '',
    );
  }
  const c = results.sections.cancel;
  if (c) {
    out.push(
      '## Cancellation (issue 3 item 10)',
      '',
      `A client aborts right after the first token; time until every upstream socket of the turn has closed (upstreams that stall after one token, so only the cancellation ends them). Goal: ${c.goalMs} ms.`,
      '',
      '| Route | samples | median ms | p90 ms | max ms | within goal |',
      '|---|---:|---:|---:|---:|---:|',
      ...c.routes.map(
        (r) =>
          `| ${r.name} | ${r.samples} | ${r.closeMs.median} | ${r.closeMs.p90} | ${r.closeMs.max} | ${r.within100}/${r.samples} |`,
      ),
      '',
    );
  }
  const l = results.sections.load;
  if (l) {
    out.push(
      '## Load test (2b, full length)',
      '',
      `\`LOAD_SECONDS=${l.seconds} vitest run --project load\`: ${l.passed ? 'passed' : '**failed**'}. \`concurrency.load.test.ts\`: 200 concurrent cascades, 10 % random upstream faults, healthy fallback; zero user-visible failures and sockets/timers/heap back to baseline are asserted by the test. \`slow-client.load.test.ts\`: 100 clients that stop reading 5 MiB answers, per route; what the server holds beyond the lanes' answer text is asserted under the server README's 1 MiB per client, and every response dropped after \`slowClientMs\` with the memory back.`,
      '',
      ...l.lines.map((line) => `- ${line.replace(/^load: /, '')}`),
      '',
    );
  }
  const r = results.sections.redis;
  if (r) {
    const row = (name: string, v: { median: number; p95?: number; p90: number; max: number; n: number }) =>
      `| ${name} | ${v.n} | ${v.median} | ${v.p95 ?? v.p90} | ${v.max} |`;
    out.push(
      '## Shared state on Redis (issue 14, item 5)',
      '',
      `A real \`redis-server\` on loopback. Turns: sequential, through the handler without sockets, draft and final lane on loopback upstreams, breakers and limits (turns, concurrent turns) on; memory and Redis stores interleaved, ${r.config.turns} each after a warm-up. Goal: ≤ ${r.goalMs} ms added per turn at p50. Measured: **${r.addedMs.p50} ms at p50**, ${r.addedMs.p95} ms at p95.`,
      '',
      '| Per turn | n | p50 ms | p95 ms | max ms |',
      '|---|---:|---:|---:|---:|',
      row('turn, memory stores', r.turnMs.memory),
      ...(r.turnMs.asyncMemory
        ? [row('turn, memory stores answering one event-loop turn later', r.turnMs.asyncMemory)]
        : []),
      row('turn, Redis stores', r.turnMs.redis),
      row('one Redis round trip (a counter read), between the turns', r.roundTripMs),
      '',
      `A turn waits for ${r.roundTripsPerTurn} Redis round trips in a row: two at the door (the principal's concurrency slot taken while the turn window's two counters are read, then the count) and two per lane, lanes in parallel (the breaker's admission, then its record); what it adds is about that many round trips plus what waiting itself costs: the second row is the memory stores answering each call one event-loop turn later (\`setImmediate\`), no network, which is the least any store outside the process costs; on a busy machine each wait also lets the process lose its core.`,
      '',
      `Two instances, each its own Redis connection, ${r.config.convergenceSamples} samples: from instance A's turn announcing the breaker open (a failure) or closed (the probe's success) to instance B's \`/api/health\` saying the same, B polled back to back (with memory stores B never sees it); ${r.convergenceMs.missed} of ${2 * r.config.convergenceSamples} transitions not seen within 5 s. Their clocks (this host's clock plus each connection's measured offset to Redis \`TIME\`) differ by the last row, which is what their cooldowns can disagree by; both run on one host here, and across hosts each offset is off by at most half a round trip, whatever the hosts' own clocks say.`,
      '',
      '| Across instances | n | p50 ms | p90 ms | max ms |',
      '|---|---:|---:|---:|---:|',
      row('breaker opened on A, seen on B', r.convergenceMs.open),
      row('breaker closed on A, seen on B', r.convergenceMs.closed),
      row('clock difference A − B', r.clockSkewMs),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}
