import type { FailureReason, LaneFailureCode } from '@cascadekit/core';
import { publicMessage } from '../policies/error-classes.js';
import type { AttemptFailure } from './attempt.js';
import type { ResolvedModel } from './resolved.js';

/** How a lane that gave up ends: its `lane-failed` event's fields. */
export interface LaneEnd {
  reason: FailureReason;
  message: string;
  code?: LaneFailureCode;
  retryAfterMs?: number;
}

/**
 * What a lane's failed attempts add up to, for the caller: every model rate limited (`429`
 * everywhere, with the smallest `Retry-After`), a content filter's refusal, a conversation too
 * long for every model that could take it. And which later model has a larger context window.
 */
export class LaneFailures {
  private rateLimited = 0;
  private others = 0;
  private retryAfterMs: number | undefined;
  private last: AttemptFailure | undefined;

  constructor(private readonly models: readonly ResolvedModel[]) {}

  /** Records an attempt that failed (a model skipped by its breaker is not one). */
  add(failure: AttemptFailure): void {
    this.last = failure;
    if (failure.reason === 'http-status' && failure.status === 429 && failure.code === undefined) {
      this.rateLimited++;
      if (failure.retryAfterMs !== undefined) {
        this.retryAfterMs = Math.min(this.retryAfterMs ?? Number.POSITIVE_INFINITY, failure.retryAfterMs);
      }
    } else this.others++;
  }

  /**
   * Index of the first model after `index` whose `contextWindow` is larger than the model at
   * `index`'s (a model without one counts as 0; models without one are never picked).
   */
  largerContextAfter(index: number): number | undefined {
    const window = this.models[index]?.config.contextWindow ?? 0;
    for (let next = index + 1; next < this.models.length; next++) {
      const larger = this.models[next]?.config.contextWindow;
      if (larger !== undefined && larger > window) return next;
    }
    return undefined;
  }

  /** The lane's end after its last attempt failed with `reason` (`message`: what the attempt said). */
  end(reason: FailureReason, message: string = publicMessage({ reason })): LaneEnd {
    if (this.rateLimited > 0 && this.others === 0) {
      const end: LaneEnd = {
        reason,
        code: 'rate_limited',
        message: 'Every model of this chain is rate limited at the moment; try again later.',
      };
      if (this.retryAfterMs !== undefined) end.retryAfterMs = this.retryAfterMs;
      return end;
    }
    const code = this.last?.code;
    if (code === 'content_filter') return { reason, code, message };
    if (code === 'context_length_exceeded') {
      const largest = Math.max(0, ...this.models.map((model) => model.config.contextWindow ?? 0));
      const message =
        largest > 0
          ? `The conversation is too long for every model of this chain (the largest context window is ${largest} tokens). Shorten it and try again.`
          : 'The conversation is too long for the model. Shorten it and try again.';
      return { reason, code, message };
    }
    return { reason, message };
  }
}
