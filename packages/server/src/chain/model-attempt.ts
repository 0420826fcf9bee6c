import type { CascadeEvent, ChatMessage, FailureReason, Lane } from '@cascadekit/core';
import { untilAborted } from '@cascadekit/core/internal';
import type { Clock } from '../clock.js';
import type { Admission } from '../policies/breaker.js';
import { type Provider, ProviderError, type ProviderRequest } from '../providers/types.js';
import { type AttemptFailure, type AttemptResult, runAttempt } from './attempt.js';
import { settleBreaker } from './attempt-outcome.js';
import { judgeOutput } from './judge.js';
import type { ResolvedModel } from './resolved.js';

/** Inputs of {@link attemptModel}. */
export interface ModelAttemptInput {
  lane: Lane;
  model: ResolvedModel;
  admission: Admission | undefined;
  /** The conversation as this model gets it (context notes included). */
  messages: ChatMessage[];
  /** Text the answer continues from (failover `continue`). */
  continueFrom: string | undefined;
  /** Text the lane keeps before this attempt's (judged together with it). */
  keptText: string;
  /** The lane's signal: deadline or client gone. */
  signal: AbortSignal;
  clock: Clock;
  emit: (event: CascadeEvent) => void;
  /** Each piece of the attempt's text, as it arrives (after its `delta` went out). */
  onText: (text: string) => void;
  room?: () => Promise<void> | undefined;
}

/** What one attempt of a model produced, and whether its complete output was rejected. */
export interface ModelAttempt {
  result: AttemptResult;
  failure?: AttemptFailure;
  rejected: boolean;
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
  const { lane, model, admission, signal, emit } = input;
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
    clock: input.clock,
    ...(input.room ? { room: input.room } : {}),
    onText(text) {
      emit({ type: 'delta', lane, text });
      input.onText(text);
    },
  });
  let failure = result.failure;
  let rejected = false;
  if (!failure) {
    try {
      const judged = judgeOutput({
        lane,
        model,
        text: input.keptText + result.text,
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
  return failure ? { result, failure, rejected } : { result, rejected };
}
