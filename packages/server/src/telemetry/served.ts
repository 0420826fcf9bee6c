import type { AttemptReport, Lane, TurnSummary } from '@cascadekit/core';

/** A turn's tokens: the serving attempt's, and every other attempt's (retries, fallbacks, the replaced lane). */
export interface TurnTokens {
  /** The report of the attempt whose answer stood, if one did. */
  served?: AttemptReport;
  wasted: { inputTokens: number; outputTokens: number };
}

/** Splits a settled turn's tokens into served and wasted (a lane ends at its first `ok` attempt). */
export function turnTokens(summary: TurnSummary, winner: Lane | null): TurnTokens {
  const tokens: TurnTokens = { wasted: { inputTokens: 0, outputTokens: 0 } };
  for (const report of summary.attempts) {
    if (winner !== null && report.lane === winner && report.outcome === 'ok') tokens.served = report;
    else if (report.usage) {
      tokens.wasted.inputTokens += report.usage.inputTokens;
      tokens.wasted.outputTokens += report.usage.outputTokens;
    }
  }
  return tokens;
}
