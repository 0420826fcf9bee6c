import type { CascadeEvent, Lane, TurnSummary } from '@cascadekit/core';
import { turnTokens } from '../telemetry/served.js';
import type { TurnEnd, TurnStart, TurnWatcher } from '../telemetry/types.js';
import type { CascadeMetrics } from './metrics.js';

/** What became of a draft lane, once the turn settled. */
type DraftOutcome = 'accepted' | 'replaced' | 'superseded' | 'failed';

/** Counts one turn into the metric families as its events come, and its outcome when it ends. */
export class TurnMetrics implements TurnWatcher {
  private readonly startedAt: number;
  private readonly firstText = new Set<Lane>();
  private draft: 'done' | 'superseded' | 'failed' | undefined;
  private winner: Lane | null = null;

  constructor(
    private readonly metrics: CascadeMetrics,
    private readonly start: TurnStart,
  ) {
    this.startedAt = start.now();
    metrics.turnsActive.inc({ chain: start.chain, route: start.route });
  }

  event(event: CascadeEvent): void {
    const { chain, route } = this.start;
    switch (event.type) {
      case 'delta':
        if (this.firstText.has(event.lane)) return;
        this.firstText.add(event.lane);
        this.metrics.ttft.observe({ chain, route, lane: event.lane }, (this.start.now() - this.startedAt) / 1000);
        return;
      case 'attempt-failed':
        if (event.next === 'fallback') {
          this.metrics.fallbacks.inc({ chain, lane: event.lane, model: event.model, reason: event.reason });
        } else if (event.next === 'retry') {
          this.metrics.retries.inc({ chain, lane: event.lane, model: event.model, reason: event.reason });
        }
        return;
      case 'lane-done':
        if (event.lane === 'draft') this.draft = 'done';
        return;
      case 'lane-failed':
        if (event.lane === 'draft') this.draft = event.reason === 'superseded' ? 'superseded' : 'failed';
        return;
      case 'settled':
        this.winner = event.winner;
        this.settle(event.summary);
        return;
      default:
    }
  }

  end(end: TurnEnd): void {
    const { chain, route } = this.start;
    const outcome = end.cause !== 'completed' ? end.cause : (this.winner ?? 'failed');
    this.metrics.turns.inc({ chain, route, outcome });
    this.metrics.turnDuration.observe({ chain, route, outcome }, (this.start.now() - this.startedAt) / 1000);
    this.metrics.turnsActive.dec({ chain, route });
    const draft = end.cause === 'completed' ? this.draftOutcome() : undefined;
    if (draft) this.metrics.drafts.inc({ chain, outcome: draft });
  }

  private draftOutcome(): DraftOutcome | undefined {
    if (this.draft === 'done') return this.winner === 'draft' ? 'accepted' : 'replaced';
    return this.draft;
  }

  private settle(summary: TurnSummary): void {
    const { chain } = this.start;
    const { served } = turnTokens(summary, this.winner);
    for (const report of summary.attempts) {
      const { lane, model } = report;
      const labels = { chain, lane, model, outcome: report.outcome };
      this.metrics.attempts.inc(report.reason === undefined ? labels : { ...labels, reason: report.reason });
      if (report.ttftMs !== undefined) this.metrics.attemptTtft.observe({ chain, lane, model }, report.ttftMs / 1000);
      if (report.costUsd !== undefined) this.metrics.cost.inc({ chain, lane, model }, report.costUsd);
      if (report.usage) {
        const servedLabel = report === served ? 'true' : 'false';
        const input = report.usage.inputTokens;
        const output = report.usage.outputTokens;
        this.metrics.tokens.inc({ chain, lane, model, direction: 'input', served: servedLabel }, input);
        this.metrics.tokens.inc({ chain, lane, model, direction: 'output', served: servedLabel }, output);
      }
    }
    if (summary.baselineCostUsd !== undefined) this.metrics.baselineCost.inc({ chain }, summary.baselineCostUsd);
  }
}
