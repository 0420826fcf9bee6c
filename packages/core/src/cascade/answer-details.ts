import type { Lane } from '../protocol/events.js';
import type { AnswerState, AnswerStatus, AttemptInfo } from './answer.js';
import { answerLane, isUpgraded } from './answer-view.js';

/** The facts of one answer in one flat, typed object, for custom UIs and analytics. */
export interface AnswerDetails {
  status: AnswerStatus;
  /** Text of each lane (the final lane's text may not stand yet). */
  text: Record<Lane, string>;
  /** The lane whose text is the answer (see `answerLane`), or `null` before any usable text. */
  answerLane: Lane | null;
  /** The final text replaced a draft (see `isUpgraded`). */
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
 * const { latency, cost } = answerDetails(message.answer);
 * ```
 */
export function answerDetails(answer: AnswerState): AnswerDetails {
  const { summary } = answer;
  const baselineUsd = summary?.baselineCostUsd;
  const usd = summary?.costUsd;
  return {
    status: answer.status,
    text: { draft: answer.draft.text, final: answer.final.text },
    answerLane: answerLane(answer),
    upgraded: isUpgraded(answer),
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
