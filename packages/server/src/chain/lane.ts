import {
  type AttemptReport,
  type CascadeEvent,
  type ChatMessage,
  type FailureReason,
  type Lane,
  untilAborted,
} from '@cascadekit/core';
import { setTimer } from '../clock.js';
import { attemptReport } from '../policies/accounting.js';
import type { Admission } from '../policies/breaker.js';
import { type FailureNote, withContextNotes } from '../policies/context-notes.js';
import { classifyFailure, ERROR_CLASSES, publicMessage } from '../policies/error-classes.js';
import { planHandover } from '../policies/failover.js';
import { planRetry } from '../policies/retry.js';
import { type Provider, ProviderError, type ProviderRequest } from '../providers/types.js';
import { estimateMessageTokens, estimateTokens } from '../tokens.js';
import { type AttemptFailure, type AttemptResult, runAttempt } from './attempt.js';
import { judgeOutput } from './judge.js';
import type { ResolvedChain, ResolvedModel, Runtime } from './resolved.js';

// Abort reasons shared by every lane: building an Error per lane to end it is measurable at load.
const LANE_ENDED = new ProviderError('aborted', 'The lane ended.');
const CLIENT_GONE = new ProviderError('aborted', 'The client went away.');
/** Why the final lane ends when the turn asked for `earlyAccept` and the draft passed. */
export const DRAFT_ACCEPTED = new ProviderError(
  'aborted',
  'The draft passed validation, so the refinement was cancelled.',
);

/** Inputs of {@link runLane}. */
export interface LaneInput {
  lane: Lane;
  models: ResolvedModel[];
  chain: ResolvedChain;
  messages: ChatMessage[];
  /** Aborted when the client goes away. */
  turnSignal: AbortSignal;
  runtime: Runtime;
  /** Retry waiting left in the turn, shared by its lanes. */
  budget: { remainingMs: number };
  emit: (event: CascadeEvent) => void;
  /** `undefined` while the turn's reader keeps up; else settles once it has taken what waits. */
  room?: () => Promise<void> | undefined;
  report: (report: AttemptReport) => void;
}

/** How a lane ended. */
export interface LaneOutcome {
  ok: boolean;
  text: string;
  model?: string;
  /** Report of the serving attempt. */
  served?: AttemptReport;
  reason?: FailureReason;
}

/**
 * Runs one lane: its chain of models in order, each with its retries, under the lane's
 * deadline, skipping models whose breaker is open, validating and scoring complete output,
 * handing over in mid-stream by the chain's failover policy. Emits the lane's protocol events.
 */
export async function runLane(input: LaneInput): Promise<LaneOutcome> {
  const { lane, models, chain, runtime, emit } = input;
  const { clock, logger } = runtime;
  const controller = new AbortController();
  const started = clock.now();
  const onTurnAbort = () => controller.abort(input.turnSignal.reason === DRAFT_ACCEPTED ? DRAFT_ACCEPTED : CLIENT_GONE);
  if (input.turnSignal.aborted) onTurnAbort();
  else input.turnSignal.addEventListener('abort', onTurnAbort, { once: true });
  const stopDeadline = setTimer(clock, chain.deadlineMs, () =>
    controller.abort(new ProviderError('timeout-total', `Lane deadline of ${chain.deadlineMs} ms passed.`)),
  );

  const signal = controller.signal;
  const inputEstimate = estimateMessageTokens(input.messages);
  const notes: FailureNote[] = [];
  let attempt = 0;
  let laneText = '';
  let keptText = '';
  let continueFrom: string | undefined;

  const fail = (reason: FailureReason, message: string): LaneOutcome => {
    // An early-accepted draft is the one cancellation the user should read about as such.
    const shown = signal.reason === DRAFT_ACCEPTED ? DRAFT_ACCEPTED.message : message;
    emit({ type: 'lane-failed', lane, reason, message: shown });
    return { ok: false, text: laneText, reason };
  };

  try {
    for (let index = 0; index < models.length; index++) {
      const model = models[index] as ResolvedModel;
      const isLast = index === models.length - 1;
      let tries = 0;
      for (;;) {
        if (signal.aborted) return fail(abortedReason(signal), publicMessage({ reason: abortedReason(signal) }));

        const admission = model.breaker ? await model.breaker.admit() : undefined;
        if (admission && (admission.state !== 'closed' || admission.previous !== 'closed')) {
          emit({ type: 'breaker', model: model.name, state: admission.state });
        }
        if (admission && !admission.admitted) {
          const report = attemptReport({
            lane,
            attempt,
            model: model.name,
            outcome: 'skipped',
            reason: 'breaker-open',
            durationMs: 0,
            estimate: { inputTokens: 0, outputTokens: 0 },
          });
          input.report(report);
          const next = isLast ? 'give-up' : 'fallback';
          emit({
            type: 'attempt-failed',
            lane,
            attempt: attempt++,
            model: model.name,
            reason: 'breaker-open',
            message: publicMessage({ reason: 'breaker-open' }),
            next,
            report,
          });
          if (next === 'give-up') return fail('breaker-open', publicMessage({ reason: 'breaker-open' }));
          break;
        }

        tries++;
        const thisAttempt = attempt++;
        emit({ type: 'attempt-start', lane, attempt: thisAttempt, model: model.name, provider: model.kind });
        const { result, failure, rejected } = await attemptOnce(model, admission);
        const fullText = keptText + result.text;
        const reportInput: Parameters<typeof attemptReport>[0] = {
          lane,
          attempt: thisAttempt,
          model: model.name,
          outcome: failure ? 'failed' : 'ok',
          durationMs: result.durationMs,
          estimate: { inputTokens: inputEstimate, outputTokens: estimateTokens(result.text) },
        };
        if (failure) reportInput.reason = failure.reason;
        if (result.ttftMs !== undefined) reportInput.ttftMs = result.ttftMs;
        if (result.usage) reportInput.reported = result.usage;
        if (model.price) reportInput.price = model.price;
        const report = attemptReport(reportInput);
        input.report(report);

        if (!failure) {
          const done: CascadeEvent = { type: 'lane-done', lane, model: model.name, text: fullText, report };
          if (result.finishReason !== undefined) done.finishReason = result.finishReason;
          emit(done);
          return { ok: true, text: fullText, model: model.name, served: report };
        }

        const action = ERROR_CLASSES[classifyFailure(failure)].action;
        let next: 'retry' | 'fallback' | 'give-up' = action === 'stop' || isLast ? 'give-up' : 'fallback';
        let delayMs = 0;
        if (action === 'retry') {
          const plan = planRetry({
            tries,
            policy: model.retry,
            ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
            laneRemainingMs: chain.deadlineMs - (clock.now() - started),
            budgetRemainingMs: input.budget.remainingMs,
            random: runtime.random,
          });
          if (plan.retry) {
            next = 'retry';
            delayMs = plan.delayMs;
          }
        }
        const message = publicMessage({
          reason: failure.reason,
          ...(failure.status === undefined ? {} : { status: failure.status }),
          ...(rejected ? { validatorMessage: failure.detail } : {}),
        });
        const failed: CascadeEvent = {
          type: 'attempt-failed',
          lane,
          attempt: thisAttempt,
          model: model.name,
          reason: failure.reason,
          message,
          next,
          report,
        };
        if (failure.status !== undefined) failed.status = failure.status;
        emit(failed);
        if (failure.reason !== 'aborted') {
          logger.warn(`cascadekit: ${lane} attempt ${thisAttempt} on ${model.name} failed (${failure.reason})`, {
            lane,
            model: model.name,
            reason: failure.reason,
            status: failure.status,
            detail: failure.detail,
            next,
          });
        }
        if (next === 'give-up') return fail(failure.reason, message);

        if (rejected) {
          const note: FailureNote = { model: model.name, reason: failure.reason };
          if (failure.reason === 'validation') note.validatorMessage = failure.detail;
          notes.push(note);
        }
        const handover = planHandover(chain.failover, laneText, rejected);
        if (handover.reset) emit({ type: 'reset', lane, reason: failure.reason });
        laneText = handover.keptText;
        keptText = handover.keptText;
        continueFrom = handover.continueFrom;
        if (next === 'fallback') break;
        input.budget.remainingMs -= delayMs;
        await clock.sleep(delayMs, signal).catch(() => {});
      }
    }
    return fail('unknown', 'The lane has no model.');
  } finally {
    stopDeadline();
    input.turnSignal.removeEventListener('abort', onTurnAbort);
    controller.abort(LANE_ENDED);
  }

  async function attemptOnce(
    model: ResolvedModel,
    admission: Admission | undefined,
  ): Promise<{ result: AttemptResult; failure?: AttemptFailure; rejected: boolean }> {
    let provider: Provider;
    try {
      provider = model.provider();
    } catch (error) {
      await model.breaker?.release(admission?.probeId);
      const detail = error instanceof Error ? error.message : String(error);
      const reason = error instanceof ProviderError ? error.reason : 'config';
      return {
        result: { text: '', durationMs: 0 },
        failure: { reason, afterFirstToken: false, detail },
        rejected: false,
      };
    }
    const messages = chain.contextNotes ? withContextNotes(input.messages, notes) : [...input.messages];
    const request: Omit<ProviderRequest, 'signal'> = {
      model: model.config.model,
      messages,
    };
    if (continueFrom !== undefined) request.continueFrom = continueFrom;
    if (model.config.maxTokens !== undefined) request.maxTokens = model.config.maxTokens;
    if (model.config.temperature !== undefined) request.temperature = model.config.temperature;
    if (model.confidence) request.logprobs = true;
    const result = await runAttempt({
      provider,
      request,
      laneSignal: signal,
      timeouts: model.timeouts,
      clock,
      ...(input.room ? { room: input.room } : {}),
      onText(text) {
        laneText += text;
        emit({ type: 'delta', lane, text });
      },
    });
    let failure = result.failure;
    let rejected = false;
    if (!failure) {
      try {
        const judged = judgeOutput({
          lane,
          model,
          text: keptText + result.text,
          logprob: result.logprob,
          emit,
          signal,
        });
        ({ failure, rejected } = await untilAborted(judged, signal));
      } catch (error) {
        const reason = signal.aborted ? abortedReason(signal) : 'unknown';
        failure = { reason, afterFirstToken: true, detail: `Judging the output failed: ${String(error)}` };
      }
    }
    await settleBreaker(model, admission, failure);
    return failure ? { result, failure, rejected } : { result, rejected };
  }

  async function settleBreaker(
    model: ResolvedModel,
    admission: Admission | undefined,
    failure: AttemptFailure | undefined,
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
}

function abortedReason(signal: AbortSignal): FailureReason {
  return signal.reason instanceof ProviderError ? signal.reason.reason : 'aborted';
}
