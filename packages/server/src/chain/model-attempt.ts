import type { CascadeEvent, ChatMessage, FailureReason, Lane } from '@cascadekit/core';
import { untilAborted } from '@cascadekit/core/internal';
import type { Clock } from '../clock.js';
import type { Admission } from '../policies/breaker.js';
import { type Provider, ProviderError, type ProviderRequest } from '../providers/types.js';
import { type AttemptFailure, type AttemptResult, runAttempt } from './attempt.js';
import { settleBreaker } from './attempt-outcome.js';
import { judgeOutput } from './judge.js';
import type { AttemptOutput } from './lane-output.js';
import type { ResolvedModel } from './resolved.js';

/** Inputs of {@link attemptModel}. */
export interface ModelAttemptInput {
  lane: Lane;
  model: ResolvedModel;
  admission: Admission | undefined;
  /** The conversation as this model gets it (context notes included). */
  messages: ChatMessage[];
  /** Text the answer continues from: the lane's text, sent as a prefill. */
  continueFrom: string | undefined;
  /** Where the attempt's text goes (and what the lane's whole text is, to judge). */
  output: AttemptOutput;
  /** Longest wait for the first token, headers included, ms (see `runAttempt`). */
  firstTokenBudgetMs?: number;
  /** The lane's signal: deadline or client gone. */
  signal: AbortSignal;
  clock: Clock;
  emit: (event: CascadeEvent) => void;
  room?: () => Promise<void> | undefined;
  /** Called when the upstream answers with a 2xx head. */
  onReachedModel?: () => void;
}

/** What one attempt of a model produced, and whether its complete output was rejected. */
export interface ModelAttempt {
  result: AttemptResult;
  failure?: AttemptFailure;
  rejected: boolean;
  /** The lane's whole text once the attempt's stream completed (judged, rejected or not). */
  laneText?: string;
}

/** A ProviderError's reason for an aborted signal, else `aborted`. */
export function abortedReason(signal: AbortSignal): FailureReason {
  return signal.reason instanceof ProviderError ? signal.reason.reason : 'aborted';
}

/**
 * One attempt of one model in a lane: builds the provider (a `config` failure when it cannot),
 * streams its answer under the model's deadlines, judges complete output (validators,
 * confidence), and settles the model's breaker.
 */
export async function attemptModel(input: ModelAttemptInput): Promise<ModelAttempt> {
  const { lane, model, admission, signal, emit, output } = input;
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
  const request: Omit<ProviderRequest, 'signal'> = { model: model.config.model, messages: input.messages };
  if (input.continueFrom !== undefined) request.continueFrom = input.continueFrom;
  if (model.config.maxTokens !== undefined) request.maxTokens = model.config.maxTokens;
  if (model.config.temperature !== undefined) request.temperature = model.config.temperature;
  if (model.confidence) request.logprobs = true;
  const result = await runAttempt({
    provider,
    request,
    laneSignal: signal,
    timeouts: model.timeouts,
    ...(input.firstTokenBudgetMs === undefined ? {} : { firstTokenBudgetMs: input.firstTokenBudgetMs }),
    clock: input.clock,
    ...(input.room ? { room: input.room } : {}),
    ...(input.onReachedModel ? { onReachedModel: input.onReachedModel } : {}),
    onText: (text) => output.push(text),
  });
  let failure = result.failure;
  let rejected = false;
  let laneText: string | undefined;
  if (failure) output.abandon();
  else {
    laneText = output.complete();
    try {
      const judged = judgeOutput({
        lane,
        model,
        text: laneText,
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
  await settleBreaker(model, admission, failure, emit);
  const attempt: ModelAttempt = { result, rejected };
  if (failure) attempt.failure = failure;
  if (laneText !== undefined) attempt.laneText = laneText;
  return attempt;
}
