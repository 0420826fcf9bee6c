/** The render-cost (1c) part of bench/results/latest.md. */
import type { BenchResults } from '../results';
import type { Summary } from '../stats';
import type { RenderGroup } from './render-pages';
import type { RenderRun } from './render-suite';

const fmt = (s: Summary) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
const num = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));
const parts = (run: RenderRun) =>
  run.scriptMs === undefined ? '—' : [run.scriptMs, run.layoutMs, run.styleMs].map((ms) => num(ms, 0)).join(' / ');

const REGIME_TEXT: Record<string, string> = {
  burst:
    "the answer arrives as fast as the page takes it (a fast server, or a long answer replayed): what each token costs the renderer. The issue's reference figures (plain DOM ~8 µs/token, a long task of 0.5–1 s for `useChat` at 10,000 tokens) come from this regime.",
  paced:
    'about 2,000 tokens/s, so every frame shows a few new tokens: per-frame style, layout and paint of the growing page dominate, for every renderer. The first plain DOM row lets its text run below the fold; the others keep the newest line in view.',
};

const GROUP_TEXT: Record<RenderGroup, string> = {
  single: 'One lane (no draft), an empty conversation; × DOM against plain DOM kept at the newest line.',
  swap: 'A cascade: the draft lane streams N tokens and the final lane N other tokens at half its rate from the same start (unseen until complete and validated), then the final replaces the draft (every sentence differs: the worst case of the swap and its marks). Tokens count one lane. × DOM against plain DOM doing the same (draft appended, final put in its place).',
  'swap-500':
    'The same cascade, into a conversation that already holds 500 messages (250 questions and short markdown answers); the plain DOM baseline holds them as 500 `<article>`s.',
};

const GROUP_TITLE: Record<RenderGroup, string> = {
  single: 'one lane',
  swap: 'draft, then the final in its place',
  'swap-500': 'draft and final, 500 messages in the list',
};

/** Markdown lines of the render section, or none when it has no results. */
export function renderCostMarkdown(results: BenchResults): string[] {
  const r = results.sections.render;
  if (!r) return [];
  const out = [
    '## Render cost (1c)',
    '',
    `Chromium (headless, Debian build), fresh page per run, ${r.config.reps} runs per cell, the pages interleaved. The harness types a message and presses Enter; the answer streams from an in-page source in each renderer's own wire protocol. Main thread: CDP \`Performance.getMetrics\` TaskDuration delta from send to the last token on screen (wall time of the page's tasks); CPU: its ThreadTime delta over the same span (CPU time of the main thread, which does not grow when other processes of the shared machine take the core away; read the ratios in this column when the load average is high). × DOM: the median over the plain DOM baseline's of the same table. Script / layout / style: CDP's ScriptDuration, LayoutDuration and RecalcStyleDuration over the span (medians; paint and compositing are the rest). Long tasks: PerformanceObserver('longtask') during the answer, over all runs. Frames: gaps between animation frames from send to the last token, over all runs (16.7 ms = every frame on time). Marginal µs/token: the slope between the two lengths. Load CPU: the main thread's CPU time from the page's start until it settled, before the send (loading the page and rendering its conversation).${r.config.before ? ` "Before" rows: the kit and core of \`${r.config.before}\` (\`BENCH_RENDER_BEFORE\`), built into the same pages and run interleaved with the others.` : ''}${r.config.after ? ` The other \`<CascadeChat>\` rows: the kit and core of \`${r.config.after}\` (\`BENCH_RENDER_AFTER\`).` : ''}`,
    '',
  ];
  for (const regime of r.config.regimes) {
    const pages = r.pages.filter((p) => (p.regime ?? 'paced') === regime.name);
    if (pages.length === 0) continue;
    out.push(
      `**${regime.name}** (${regime.tokensPerTick} tokens per chunk, one chunk per timer tick): ${REGIME_TEXT[regime.name] ?? ''}`,
      '',
    );
    const groups = [...new Set(pages.map((p) => p.group ?? 'single'))];
    for (const group of groups) {
      out.push(
        `_${regime.name}, ${GROUP_TITLE[group]}_: ${GROUP_TEXT[group]}`,
        '',
        '| Renderer | tokens | main thread ms | × DOM | CPU ms | × DOM CPU | script / layout / style ms | µs/token | long tasks | longest ms | frame p95 / max ms | marginal µs/token | linearity | load CPU ms |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const p of pages.filter((page) => (page.group ?? 'single') === group)) {
        for (const [i, run] of p.runs.entries()) {
          const last = i === p.runs.length - 1;
          const frames = run.frameMaxMs === undefined ? '—' : `${num(run.frameP95Ms, 0)} / ${num(run.frameMaxMs, 0)}`;
          out.push(
            `| ${i === 0 ? p.label : ''} | ${run.tokens} | ${fmt(run.taskMs)} | ${num(run.overBaseline)} | ${run.cpuMs ? fmt(run.cpuMs) : '—'} | ${num(run.cpuOverBaseline)} | ${parts(run)} | ${num(run.usPerToken, 1)} | ${run.longTasks} | ${num(run.longestTaskMs, 0)} | ${frames} | ${last ? num(p.marginalUsPerToken, 1) : ''} | ${last ? num(p.linearity) : ''} | ${num(run.loadCpuMs, 0)} |`,
          );
        }
      }
      out.push('');
    }
  }
  out.push(
    'Linearity: µs/token at the largest answer over µs/token at the smallest (1.00 = linear; above 1 = the cost per token grows with length).',
    '',
  );
  return out;
}
