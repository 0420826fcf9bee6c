import type { AttemptReport, CascadeEvent, Lane } from '@cascadekit/core';
import { attemptReport } from '../policies/accounting.js';
import type { Admission } from '../policies/breaker.js';
import { publicMessage } from '../policies/error-classes.js';
import type { ResolvedModel } from './resolved.js';

/** Where the lane is when it asks a model's breaker. */
export interface AdmissionContext {
  lane: Lane;
  /** The lane's attempt number a skip would take. */
  attempt: number;
  isLast: boolean;
  emit: (event: CascadeEvent) => void;
  report: (report: AttemptReport) => void;
}

/** A model may be called (`admission` to settle afterwards), or is skipped and the lane moves on. */
export type AdmissionResult =
  | { admitted: true; admission: Admission | undefined }
  | { admitted: false; next: 'fallback' | 'give-up' };

/**
 * Asks the model's circuit breaker whether the lane may call it. A breaker that is not closed,
 * or just changed, is announced (`breaker`); a refused model is skipped without a request: a
 * `skipped` report and an `attempt-failed` with reason `breaker-open`.
 */
export async function admitModel(model: ResolvedModel, context: AdmissionContext): Promise<AdmissionResult> {
  if (!model.breaker) return { admitted: true, admission: undefined };
  const admission = await model.breaker.admit();
  const { lane, emit } = context;
  if (admission.state !== 'closed' || admission.previous !== 'closed') {
    emit({ type: 'breaker', model: model.name, state: admission.state });
  }
  if (admission.admitted) return { admitted: true, admission };
  const report = attemptReport({
    lane,
    attempt: context.attempt,
    model: model.name,
    outcome: 'skipped',
    reason: 'breaker-open',
    durationMs: 0,
    estimate: { inputTokens: 0, outputTokens: 0 },
  });
  context.report(report);
  const next = context.isLast ? 'give-up' : 'fallback';
  emit({
    type: 'attempt-failed',
    lane,
    attempt: context.attempt,
    model: model.name,
    reason: 'breaker-open',
    message: publicMessage({ reason: 'breaker-open' }),
    next,
    report,
  });
  return { admitted: false, next };
}
