import type { AttemptReport, FailureReason, Lane, TurnSummary, Usage } from '@cascadekit/core';
import type { PriceConfig } from '../config/types.js';

/** Cost in US dollars of `usage` at `price`, or undefined without a price. */
export function costOf(usage: Usage | undefined, price: PriceConfig | undefined): number | undefined {
  if (!usage || !price) return undefined;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

/** Inputs of {@link attemptReport}. */
export interface AttemptReportInput {
  lane: Lane;
  attempt: number;
  model: string;
  outcome: AttemptReport['outcome'];
  reason?: FailureReason;
  ttftMs?: number;
  durationMs: number;
  /** Usage from the provider, when it reported one. */
  reported?: { inputTokens: number; outputTokens: number };
  /** Estimates used when the provider reported none. */
  estimate: { inputTokens: number; outputTokens: number };
  /**
   * The request reached the model (a 2xx head). Default true. An attempt that never did (an
   * error status, a refused connection, no headers in time) is reported without usage or cost,
   * unless the provider reported usage itself: nothing was billed.
   */
  reachedModel?: boolean;
  price?: PriceConfig;
}

/**
 * One attempt's accounting record: the provider's usage, else an estimate (only for a request
 * that reached the model), and its cost.
 */
export function attemptReport(input: AttemptReportInput): AttemptReport {
  const report: AttemptReport = {
    lane: input.lane,
    attempt: input.attempt,
    model: input.model,
    outcome: input.outcome,
    durationMs: Math.max(0, Math.round(input.durationMs)),
  };
  if (input.reason !== undefined) report.reason = input.reason;
  if (input.ttftMs !== undefined) report.ttftMs = Math.max(0, Math.round(input.ttftMs));
  const billed = input.reported !== undefined || input.reachedModel !== false;
  if (input.outcome !== 'skipped' && billed) {
    report.usage = input.reported ? { ...input.reported } : { ...input.estimate, estimated: true };
    const cost = costOf(report.usage, input.price);
    if (cost !== undefined) report.costUsd = cost;
  }
  return report;
}

/**
 * The turn's summary. `baselineCostUsd` is what the turn would have cost on the final lane's
 * first model alone: its price applied to the turn's input and the served answer's output tokens.
 */
export function summarizeTurn(input: {
  attempts: AttemptReport[];
  durationMs: number;
  baseline?: { price?: PriceConfig; inputTokens: number; outputTokens: number };
}): TurnSummary {
  const costUsd = input.attempts.reduce((sum, a) => sum + (a.costUsd ?? 0), 0);
  const summary: TurnSummary = {
    attempts: input.attempts,
    costUsd,
    durationMs: Math.max(0, Math.round(input.durationMs)),
  };
  const baseline = input.baseline;
  const baselineCost = baseline
    ? costOf({ inputTokens: baseline.inputTokens, outputTokens: baseline.outputTokens }, baseline.price)
    : undefined;
  if (baselineCost !== undefined) summary.baselineCostUsd = baselineCost;
  return summary;
}
