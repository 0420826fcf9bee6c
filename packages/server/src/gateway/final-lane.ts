import type { AttemptReport, CascadeEvent, Lane } from '@cascadekit/core';
import { openaiFinishReason } from './finish-reason.js';
import { GatewayError, laneFailure } from './openai-error.js';

/** The lane the gateway serves: a chat-completions client can show one answer only. */
export const GATEWAY_LANE: Lane = 'final';

/** OpenAI's `usage`. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Tracks the final lane through a turn's events: the serving model, its text, how it ended. */
export class FinalLane {
  /** Set from `turn-start`; a runner that sends none gets a random id. */
  private turnId: string | undefined;
  readonly created = Math.floor(Date.now() / 1000);
  /** Model of the attempt running now, then the serving model. */
  model: string | undefined;
  /** The complete text, once the lane is done. */
  text: string | undefined;
  /** `finish_reason` of the serving attempt, once the lane is done. */
  finishReason = 'stop';
  failure: GatewayError | undefined;
  /** True once text of the lane's current attempt reached the client. */
  sentText = false;
  private readonly reports: AttemptReport[] = [];

  get id(): string {
    this.turnId ??= crypto.randomUUID();
    return `chatcmpl-${this.turnId}`;
  }

  /** Applies an event; returns the lane's new text (a delta), if any. */
  apply(event: CascadeEvent): string | undefined {
    // Deltas first: nearly every event of a turn is one.
    if (event.type === 'delta') return event.lane === GATEWAY_LANE ? event.text : undefined;
    if (event.type === 'turn-start') this.turnId = event.turnId;
    if (event.type === 'error') this.failure = new GatewayError(500, 'api_error', event.code, event.message);
    if (!('lane' in event) || event.lane !== GATEWAY_LANE) return undefined;
    switch (event.type) {
      case 'attempt-start':
        this.model = event.model;
        return undefined;
      case 'attempt-failed':
        if (event.report) this.reports.push(event.report);
        return undefined;
      case 'lane-done':
        if (event.report) this.reports.push(event.report);
        this.model = event.model;
        this.text = event.text;
        this.finishReason = openaiFinishReason(event.finishReason);
        return undefined;
      case 'lane-failed':
        this.failure = laneFailure(event.reason, event.message);
        return undefined;
      default:
        return undefined;
    }
  }

  get finished(): boolean {
    return this.text !== undefined || this.failure !== undefined;
  }

  /** The failure to answer with when the turn ended without the lane's answer. */
  noAnswer(): GatewayError {
    return this.failure ?? new GatewayError(500, 'api_error', 'internal', 'The turn ended without an answer.');
  }

  /** Tokens of every attempt of the lane (failed ones cost too), as OpenAI's `usage`. */
  usage(): Usage {
    let input = 0;
    let output = 0;
    for (const report of this.reports) {
      input += report.usage?.inputTokens ?? 0;
      output += report.usage?.outputTokens ?? 0;
    }
    return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  }

  /** The headers of an answer: the serving model (so far) by name. */
  headers(extra: Record<string, string>): Record<string, string> {
    return { ...extra, 'x-cascade-model': this.model ?? 'unknown', 'cache-control': 'no-cache, no-transform' };
  }
}
