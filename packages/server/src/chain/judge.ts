import type { CascadeEvent, Lane } from '@cascadekit/core';
import { checkConfidence } from '../policies/confidence.js';
import { validateOutput } from '../policies/validation.js';
import type { AttemptFailure } from './attempt.js';
import type { ResolvedModel } from './resolved.js';

/** Inputs of {@link judgeOutput}. */
export interface JudgeInput {
  lane: Lane;
  model: ResolvedModel;
  /** The lane's complete text (a `continue` handover's kept prefix included). */
  text: string;
  logprob: { sum: number; tokens: number } | undefined;
  emit: (event: CascadeEvent) => void;
  /** Aborts when the lane stops waiting for the verdict (deadline, client gone); validators get it. */
  signal: AbortSignal;
}

/**
 * Judges a complete answer: the model's validators in order (announced in a `validation`
 * event), then its confidence threshold. `rejected` marks output that was received whole but
 * is not wanted, so it is never continued from and its reason becomes a context note.
 */
export async function judgeOutput(input: JudgeInput): Promise<{ failure?: AttemptFailure; rejected: boolean }> {
  const { lane, model, text } = input;
  const verdict = await validateOutput(model.validators, text, input.signal);
  // The lane has moved on (and the verdict is likely the abort's): nothing more to announce.
  input.signal.throwIfAborted();
  const event: CascadeEvent = {
    type: 'validation',
    lane,
    model: model.name,
    ok: verdict.ok,
    validator: verdict.validator,
  };
  if (verdict.message !== undefined) event.message = verdict.message;
  input.emit(event);
  if (!verdict.ok) {
    const detail = verdict.message ?? 'The answer failed validation.';
    return { failure: { reason: 'validation', afterFirstToken: true, detail }, rejected: true };
  }
  const confidence = await checkConfidence(model.confidence, text, input.logprob, { lane, model: model.name });
  if (confidence.ok) return { rejected: false };
  const detail = `Confidence ${confidence.score?.toFixed(3)} from ${confidence.source} is below ${model.confidence?.threshold}.`;
  return { failure: { reason: 'low-confidence', afterFirstToken: true, detail }, rejected: true };
}
