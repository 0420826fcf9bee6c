import type { AnswerState, AnswerStatus, AttemptInfo, Lane } from '@cascadekit/core';

/** The facts of one answer in one flat, typed object, for custom UIs and analytics. */
export interface AnswerDetails {
  status: AnswerStatus;
  /** Text of each lane (the final lane's text may not stand yet). */
  text: Record<Lane, string>;
  /** The lane whose text stands (or streams as the answer), or `null` before any text. */
  standing: Lane | null;
  upgraded: boolean;
  /** Serving (or current) model of each lane. */
  model: Record<Lane, string | undefined>;
  /** Every attempt, draft lane first, with failure reasons. */
  attempts: Array<AttemptInfo & { lane: Lane }>;
  /** Milliseconds from send to the first visible token, and to settlement. */
  latency: { firstTokenMs: number | undefined; totalMs: number | undefined };
  /** Cost of the turn, the cost of the large model alone, and the difference (USD), when reported. */
  cost: { usd: number | undefined; baselineUsd: number | undefined; savingUsd: number | undefined };
}

/**
 * Flattens an answer into {@link AnswerDetails}. Pure; cheap enough to call per render.
 *
 * @example
 * ```tsx
 * const answer = useCascadeMessage(id, (a) => a);
 * const { latency, cost } = answerDetails(answer!);
 * ```
 */
export function answerDetails(answer: AnswerState): AnswerDetails {
  const { summary } = answer;
  const baselineUsd = summary?.baselineCostUsd;
  const usd = summary?.costUsd;
  return {
    status: answer.status,
    text: { draft: answer.draft.text, final: answer.final.text },
    standing: answer.shown,
    upgraded: answer.upgraded,
    model: { draft: answer.draft.model, final: answer.final.model },
    attempts: [
      ...answer.draft.attempts.map((a) => ({ ...a, lane: 'draft' as const })),
      ...answer.final.attempts.map((a) => ({ ...a, lane: 'final' as const })),
    ],
    latency: {
      firstTokenMs: answer.firstTokenAt === undefined ? undefined : answer.firstTokenAt - answer.startedAt,
      totalMs:
        summary?.durationMs ?? (answer.settledAt === undefined ? undefined : answer.settledAt - answer.startedAt),
    },
    cost: {
      usd,
      baselineUsd,
      savingUsd: usd !== undefined && baselineUsd !== undefined ? baselineUsd - usd : undefined,
    },
  };
}
