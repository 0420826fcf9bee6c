import type { AttemptReport, CascadeEvent, ChatMessage, FailureReason, Lane } from '@cascadekit/core';
import { setTimer } from '../clock.js';
import { type FailureNote, withContextNotes } from '../policies/context-notes.js';
import { publicMessage } from '../policies/error-classes.js';
import { ProviderError } from '../providers/types.js';
import { estimateMessageTokens, estimateTokens } from '../tokens.js';
import { admitModel } from './admission.js';
import { type AttemptOutcome, announceFailure, reportOf } from './attempt-outcome.js';
import { abortedReason, attemptModel } from './model-attempt.js';
import { nextStep } from './next-step.js';
import type { ResolvedChain, ResolvedModel, Runtime } from './resolved.js';

// Abort reasons shared by every lane: building an Error per lane to end it is measurable at load.
const LANE_ENDED = new ProviderError('aborted', 'The lane ended.');
const CLIENT_GONE = new ProviderError('aborted', 'The client went away.');
/** Why the final lane ends when the turn asked for `earlyAccept` and the draft passed. */
export const DRAFT_ACCEPTED = new ProviderError(
  'superseded',
  'The draft passed validation, so the refinement was cancelled.',
);
/** Why the draft lane ends when the final answer settled while the draft still ran. */
export const FINAL_SETTLED = new ProviderError(
  'superseded',
  'The final answer settled, so the draft was no longer needed.',
);

/** The turn's reason to end a lane that the answer no longer needs, if that is why it ended. */
function supersededBy(reason: unknown): ProviderError | undefined {
  return reason instanceof ProviderError && reason.reason === 'superseded' ? reason : undefined;
}

/** Inputs of {@link runLane}. */
export interface LaneInput {
  lane: Lane;
  models: ResolvedModel[];
  chain: ResolvedChain;
  messages: ChatMessage[];
  /**
   * Aborted when the client goes away, or (with a `superseded` `ProviderError` as its reason)
   * when the answer settled without this lane.
   */
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
 * deadline, skipping models whose breaker is open ({@link admitModel}), judging complete output
 * ({@link attemptModel}), deciding what follows a failure ({@link nextStep}) and handing over in
 * mid-stream by the chain's failover policy. Emits the lane's protocol events.
 */
export async function runLane(input: LaneInput): Promise<LaneOutcome> {
  const { lane, models, chain, runtime, emit } = input;
  const { clock, logger } = runtime;
  const controller = new AbortController();
  const started = clock.now();
  const onTurnAbort = () => controller.abort(supersededBy(input.turnSignal.reason) ?? CLIENT_GONE);
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
    // A lane the answer no longer needs says why (the draft stood, or the final settled).
    const shown = supersededBy(signal.reason)?.message ?? message;
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
        const admitted = await admitModel(model, { lane, attempt, isLast, emit, report: input.report });
        if (!admitted.admitted) {
          attempt++;
          if (admitted.next === 'give-up') return fail('breaker-open', publicMessage({ reason: 'breaker-open' }));
          break;
        }

        tries++;
        const thisAttempt = attempt++;
        emit({ type: 'attempt-start', lane, attempt: thisAttempt, model: model.name, provider: model.kind });
        const run = await attemptModel({
          lane,
          model,
          admission: admitted.admission,
          messages: chain.contextNotes ? withContextNotes(input.messages, notes) : [...input.messages],
          continueFrom,
          keptText,
          signal,
          clock,
          emit,
          onText(text) {
            laneText += text;
          },
          ...(input.room ? { room: input.room } : {}),
        });
        const outcome: AttemptOutcome = {
          lane,
          attempt: thisAttempt,
          model,
          result: run.result,
          failure: run.failure,
          rejected: run.rejected,
          inputEstimate,
          outputEstimate: estimateTokens(run.result.text),
        };
        const report = reportOf(outcome);
        input.report(report);
        const failure = run.failure;
        if (!failure) {
          const text = keptText + run.result.text;
          const done: CascadeEvent = { type: 'lane-done', lane, model: model.name, text, report };
          if (run.result.finishReason !== undefined) done.finishReason = run.result.finishReason;
          emit(done);
          return { ok: true, text, model: model.name, served: report };
        }

        const step = nextStep({
          failure,
          rejected: run.rejected,
          tries,
          isLast,
          retry: model.retry,
          laneRemainingMs: chain.deadlineMs - (clock.now() - started),
          budgetRemainingMs: input.budget.remainingMs,
          random: runtime.random,
          failover: chain.failover,
          laneText,
        });
        const message = announceFailure({ ...outcome, failure }, step.next, report, emit, logger);
        if (step.next === 'give-up') return fail(failure.reason, message);
        if (run.rejected) {
          const note: FailureNote = { model: model.name, reason: failure.reason };
          if (failure.reason === 'validation') note.validatorMessage = failure.detail;
          notes.push(note);
        }
        if (step.reset) emit({ type: 'reset', lane, reason: failure.reason });
        laneText = step.keptText;
        keptText = step.keptText;
        continueFrom = step.continueFrom;
        if (step.next === 'fallback') break;
        input.budget.remainingMs -= step.delayMs;
        await clock.sleep(step.delayMs, signal).catch(() => {});
      }
    }
    return fail('unknown', 'The lane has no model.');
  } finally {
    stopDeadline();
    input.turnSignal.removeEventListener('abort', onTurnAbort);
    controller.abort(LANE_ENDED);
  }
}
