import type { AttemptReport, CascadeEvent, Lane } from '@cascadekit/core';
import type { Logger } from '../config/types.js';
import { attemptReport } from '../policies/accounting.js';
import type { Admission } from '../policies/breaker.js';
import { classifyFailure, ERROR_CLASSES, publicMessage } from '../policies/error-classes.js';
import type { AttemptFailure, AttemptResult } from './attempt.js';
import type { ResolvedModel } from './resolved.js';

/** One finished attempt of a lane, as the lane reports it. */
export interface AttemptOutcome {
  lane: Lane;
  attempt: number;
  model: ResolvedModel;
  result: AttemptResult;
  /** The run's failure, or the judge's verdict on a complete output. */
  failure: AttemptFailure | undefined;
  /** The output was complete but rejected (validation, confidence). */
  rejected: boolean;
  /** Estimated input tokens of the conversation, for a provider that reports no usage. */
  inputEstimate: number;
  /** Estimated output tokens of the attempt's text. */
  outputEstimate: number;
}

/** The attempt's accounting record: the provider's usage (or an estimate), its cost, its timings. */
export function reportOf(outcome: AttemptOutcome): AttemptReport {
  const { result, failure, model } = outcome;
  const input: Parameters<typeof attemptReport>[0] = {
    lane: outcome.lane,
    attempt: outcome.attempt,
    model: model.name,
    outcome: failure ? 'failed' : 'ok',
    durationMs: result.durationMs,
    estimate: { inputTokens: outcome.inputEstimate, outputTokens: outcome.outputEstimate },
    reachedModel: result.reachedModel === true,
  };
  if (failure) input.reason = failure.reason;
  if (result.ttftMs !== undefined) input.ttftMs = result.ttftMs;
  if (result.usage) input.reported = result.usage;
  if (model.price) input.price = model.price;
  return attemptReport(input);
}

/**
 * Announces a failed attempt (`attempt-failed` with what the lane does next) and logs its
 * details, which never reach browsers. Returns the message browsers get.
 */
export function announceFailure(
  outcome: AttemptOutcome & { failure: AttemptFailure },
  next: 'retry' | 'fallback' | 'give-up',
  report: AttemptReport,
  emit: (event: CascadeEvent) => void,
  logger: Logger,
): string {
  const { failure, lane, attempt, model } = outcome;
  const message = publicMessage({
    reason: failure.reason,
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(outcome.rejected ? { validatorMessage: failure.detail } : {}),
    ...(failure.code === undefined ? {} : { code: failure.code }),
    ...(failure.upstreamMessage === undefined ? {} : { upstreamMessage: failure.upstreamMessage }),
  });
  const failed: CascadeEvent = {
    type: 'attempt-failed',
    lane,
    attempt,
    model: model.name,
    reason: failure.reason,
    message,
    next,
    report,
  };
  if (failure.status !== undefined) failed.status = failure.status;
  emit(failed);
  // A cancelled attempt (the client left, or the answer no longer needed it) is no failure to log.
  if (failure.reason !== 'aborted' && failure.reason !== 'superseded') {
    logger.warn(`cascadekit: ${lane} attempt ${attempt} on ${model.name} failed (${failure.reason})`, {
      lane,
      model: model.name,
      reason: failure.reason,
      status: failure.status,
      detail: failure.detail,
      next,
    });
  }
  return message;
}

/**
 * Tells the model's breaker how the attempt went, by the error-class table: a failure, a
 * success (the upstream answered properly, even when the answer was rejected), or neither (the
 * admission, e.g. a half-open probe, is handed back). A state change is announced.
 */
export async function settleBreaker(
  model: ResolvedModel,
  admission: Admission | undefined,
  failure: AttemptFailure | undefined,
  emit: (event: CascadeEvent) => void,
): Promise<void> {
  const breaker = model.breaker;
  if (!breaker) return;
  const verdict = failure ? ERROR_CLASSES[classifyFailure(failure)].breaker : 'success';
  if (verdict === 'neither') {
    await breaker.release(admission?.probeId);
    return;
  }
  const { state, previous } = await breaker.record(verdict === 'success', admission?.probeId);
  if (state !== previous) emit({ type: 'breaker', model: model.name, state });
}
