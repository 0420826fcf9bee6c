import type { AttemptReport, CascadeEvent, FailureReason, Lane } from '@cascadekit/core';
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
  /** The serving attempt's report, once the lane is done. */
  private served: AttemptReport | undefined;
  /** The first failure after text reached the client: what broke the answer the client holds. */
  private broke: { reason: FailureReason; message: string } | undefined;

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
        if (this.sentText) this.broke ??= { reason: event.reason, message: event.message };
        return undefined;
      case 'lane-done':
        this.served = event.report;
        this.model = event.model;
        this.text = event.text;
        this.finishReason = openaiFinishReason(event.finishReason);
        return undefined;
      case 'lane-failed':
        this.failure = laneFailure(event);
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

  /**
   * The error that ends a stream whose client holds text already: it names the failure that
   * broke the answer (never a later attempt's, such as a fallback's refusal), and says the text
   * is incomplete.
   */
  midStreamFailure(diverged: boolean): GatewayError {
    const broke = this.broke ?? { reason: 'unknown' as const, message: 'The model failed unexpectedly.' };
    const after = diverged
      ? "its fallback's answer did not continue the text already sent"
      : 'no fallback could finish it';
    return new GatewayError(
      502,
      'upstream_error',
      broke.reason,
      `The model failed mid-answer (${broke.message.replace(/\.$/, '')}) and ${after}, so the text so far is incomplete.`,
    );
  }

  /** The serving attempt's own tokens, as OpenAI's `usage` (other attempts are in the turn's accounting). */
  usage(): Usage {
    const input = this.served?.usage?.inputTokens ?? 0;
    const output = this.served?.usage?.outputTokens ?? 0;
    return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  }

  /** The headers of an answer: the serving model (so far) by name. */
  headers(extra: Record<string, string>): Record<string, string> {
    return { ...extra, 'x-cascade-model': this.model ?? 'unknown', 'cache-control': 'no-cache, no-transform' };
  }
}
