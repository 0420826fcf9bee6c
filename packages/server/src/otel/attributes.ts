import type { AttemptReport } from '@cascadekit/core';
import type { Attributes } from '@opentelemetry/api';

/**
 * Attribute names: OpenTelemetry's GenAI semantic conventions (`gen_ai.*`, `error.type`), and
 * cascadekit's own (`cascade.*`) for what those conventions have no name for. Written out here
 * rather than taken from `@opentelemetry/semantic-conventions`, whose GenAI names are in its
 * unstable `incubating` entry: the package depends on `@opentelemetry/api` alone.
 */
export const ATTR = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  errorType: 'error.type',
  httpStatus: 'http.response.status_code',
  turnId: 'cascade.turn.id',
  chain: 'cascade.chain',
  route: 'cascade.route',
  lanes: 'cascade.lanes',
  lane: 'cascade.lane',
  attempt: 'cascade.attempt',
  model: 'cascade.model',
  outcome: 'cascade.outcome',
  reason: 'cascade.failure.reason',
  next: 'cascade.next',
  estimated: 'cascade.usage.estimated',
  ttftMs: 'cascade.ttft_ms',
  costUsd: 'cascade.cost_usd',
  baselineCostUsd: 'cascade.baseline_cost_usd',
  winner: 'cascade.winner',
  servedModel: 'cascade.served_model',
  servedInput: 'cascade.usage.served.input_tokens',
  servedOutput: 'cascade.usage.served.output_tokens',
  wastedInput: 'cascade.usage.wasted.input_tokens',
  wastedOutput: 'cascade.usage.wasted.output_tokens',
  attempts: 'cascade.attempts',
  turnEnd: 'cascade.turn.end',
  laneCode: 'cascade.lane.code',
  breakerState: 'cascade.breaker.state',
  validator: 'cascade.validator',
  validationOk: 'cascade.validation.ok',
} as const;

/** Failure reasons that say the attempt was cancelled, not that it failed. */
export const CANCELLED = new Set(['aborted', 'superseded']);

/** What an attempt's report tells a span: its outcome, usage, cost and first-token time. */
export function reportAttributes(report: AttemptReport): Attributes {
  const attributes: Attributes = { [ATTR.outcome]: report.outcome };
  if (report.reason !== undefined) {
    attributes[ATTR.reason] = report.reason;
    if (!CANCELLED.has(report.reason)) attributes[ATTR.errorType] = report.reason;
  }
  if (report.usage) {
    attributes[ATTR.inputTokens] = report.usage.inputTokens;
    attributes[ATTR.outputTokens] = report.usage.outputTokens;
    attributes[ATTR.estimated] = report.usage.estimated === true;
  }
  if (report.costUsd !== undefined) attributes[ATTR.costUsd] = report.costUsd;
  if (report.ttftMs !== undefined) attributes[ATTR.ttftMs] = report.ttftMs;
  return attributes;
}
