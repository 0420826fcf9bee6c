/**
 * Mid-stream rescue on the streaming gateway: a primary that fails after its first tokens, for
 * each fault kind, rescued by a fallback that takes a prefill (Anthropic's format, continuing the
 * text sent) or one that does not (OpenAI's, restarted and spliced on), through the real gateway
 * over loopback sockets. A sample is rescued when the client gets the whole answer, `[DONE]` and
 * no error. One more row: a fallback without prefill that words its answer differently, which
 * restart and splice cannot rescue; it must end with an error that names the primary's failure.
 */
import { anthropic, createCascadeHandler, type ModelConfig, openaiCompatible } from '@cascadekit/server';
import { type NodeServer, serveNode } from '@cascadekit/server/node';
import {
  DEFAULT_TOKENS,
  type FakeUpstream,
  MID_STREAM_FAULTS,
  type MidStreamFault,
  startAnthropicUpstream,
  startOpenAIUpstream,
  type UpstreamScript,
} from '@cascadekit/server/testing';
import { type Summary, summarize } from '../stats';

/** The fallbacks a cell is measured with. */
export const FALLBACKS = ['prefill', 'no prefill', 'no prefill, other wording'] as const;
export type FallbackKind = (typeof FALLBACKS)[number];

export interface RescueCell {
  fault: MidStreamFault;
  fallback: FallbackKind;
  samples: number;
  /** The client got the whole answer, `[DONE]` and no error. */
  rescued: number;
  /** The stream ended with an error naming the primary's failure (what it must do when not rescued). */
  namedErrors: number;
  /** The fallback's own whole answer, no error: the client had not seen the primary's text (the fault struck before it arrived). */
  servedWhole: number;
  /** Request to the end of the stream, ms. */
  totalMs: Summary;
  /** The start of each answer that was none of the outcomes above (status and body), for a look. */
  unexplained: string[];
}

export interface RescueSection {
  config: { samples: number; primaries: string[] };
  cells: RescueCell[];
}

const ANSWER = DEFAULT_TOKENS.join('');
const quiet = { warn() {}, error() {} };

type Format = 'openai' | 'anthropic';

async function upstream(format: Format, script: UpstreamScript): Promise<FakeUpstream> {
  return format === 'openai' ? startOpenAIUpstream(script) : startAnthropicUpstream(script);
}

function model(format: Format, name: string, up: FakeUpstream): ModelConfig {
  const provider =
    format === 'openai'
      ? openaiCompatible({ model: name, baseUrl: up.url, apiKey: 'k' })
      : anthropic({ model: name, baseUrl: up.url, apiKey: 'k' });
  // A stalled stream is left after 250 ms of silence.
  return { provider, model: name, retry: false, breaker: false, timeouts: { idleMs: 250 } };
}

/** Failure reasons a primary that breaks after its first tokens can have. */
const REASONS = new Set(['network', 'timeout-idle', 'incomplete', 'upstream-error']);

/**
 * One streamed request: rescued, ended with an error naming the primary's failure (its `code` is
 * that failure's reason: usually the fault's own, `timeout-idle` when a busy machine stretched a
 * gap past the idle deadline first), or served whole by the fallback.
 */
async function sample(
  url: string,
  fallbackAnswer: string,
): Promise<{ rescued: boolean; named: boolean; whole: boolean; ms: number; answer: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'c', stream: true, messages: [{ role: 'user', content: 'Say hello' }] }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let content = '';
  let error: { code?: string; message?: string } | undefined;
  for (const event of text.split('\n\n')) {
    if (!event.startsWith('data: {')) continue;
    const chunk = JSON.parse(event.slice(6)) as { error?: typeof error; choices?: { delta?: { content?: string } }[] };
    if (chunk.error) error = chunk.error;
    content += chunk.choices?.[0]?.delta?.content ?? '';
  }
  const done = text.endsWith('data: [DONE]\n\n');
  const clean = response.status === 200 && done && !error;
  return {
    rescued: clean && content === ANSWER,
    named: REASONS.has(error?.code ?? '') && /failed mid-answer/.test(error?.message ?? ''),
    whole: clean && content === fallbackAnswer && fallbackAnswer !== ANSWER,
    ms,
    answer: `${response.status} ${text.slice(0, 1_500)}`,
  };
}

export async function runRescueSuite(options: {
  samples: number;
  log: (line: string) => void;
}): Promise<RescueSection> {
  const primaries: Format[] = ['openai', 'anthropic'];
  const cells: RescueCell[] = [];
  for (const fault of Object.keys(MID_STREAM_FAULTS) as MidStreamFault[]) {
    for (const fallback of FALLBACKS) {
      const results: Awaited<ReturnType<typeof sample>>[] = [];
      for (const format of primaries) {
        const primary = await upstream(format, MID_STREAM_FAULTS[fault]);
        const backupFormat: Format = fallback === 'prefill' ? 'anthropic' : 'openai';
        const otherTokens = fallback === 'no prefill, other wording' ? ['Hi', ' there', '.'] : undefined;
        const backup = await upstream(backupFormat, otherTokens ? { tokens: otherTokens } : {});
        let server: NodeServer | undefined;
        try {
          const handler = createCascadeHandler({
            logger: quiet,
            chains: {
              c: { final: [model(format, 'primary', primary), model(backupFormat, 'backup', backup)] },
            },
          });
          server = await serveNode(handler);
          const count = Math.ceil(options.samples / primaries.length);
          const fallbackAnswer = otherTokens?.join('') ?? ANSWER;
          for (let i = 0; i < count; i++) results.push(await sample(server.url, fallbackAnswer));
        } finally {
          await server?.close();
          await Promise.all([primary.close(), backup.close()]);
        }
      }
      const cell: RescueCell = {
        fault,
        fallback,
        samples: results.length,
        rescued: results.filter((r) => r.rescued).length,
        namedErrors: results.filter((r) => r.named).length,
        servedWhole: results.filter((r) => r.whole).length,
        totalMs: summarize(results.map((r) => Math.round(r.ms))),
        unexplained: results.filter((r) => !r.rescued && !r.named && !r.whole).map((r) => r.answer),
      };
      for (const answer of cell.unexplained) options.log(`rescue: ${fault} × ${fallback}: unexplained: ${answer}`);
      options.log(`rescue: ${fault} × ${fallback}: ${cell.rescued}/${cell.samples} rescued`);
      cells.push(cell);
    }
  }
  return { config: { samples: options.samples, primaries }, cells };
}
