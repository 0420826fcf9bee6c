import type { AttemptReport, CascadeEvent, Lane } from '@cascadekit/core';
import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { turnTokens } from '../telemetry/served.js';
import type { TelemetryModel, TurnEnd, TurnStart, TurnWatcher } from '../telemetry/types.js';
import { ATTR, CANCELLED, reportAttributes } from './attributes.js';

const failed = (span: Span, reason: string) => span.setStatus({ code: SpanStatusCode.ERROR, message: reason });

/**
 * The spans of one turn: the turn's (a child of the span active when the turn started, e.g. the
 * HTTP server's), one per lane under it, and one per attempt under its lane. Each ends when the
 * turn's events say so; `end` ends whatever is still open, so none outlives its turn.
 */
export class TurnSpans implements TurnWatcher {
  private readonly turn: Span;
  /** The turn's context: the caller's (its baggage) with the turn's span in it. */
  private readonly context: Context;
  private readonly lanes = new Map<Lane, Span>();
  private readonly attempts = new Map<Lane, { span: Span; attempt: number }>();

  constructor(
    private readonly tracer: Tracer,
    private readonly start: TurnStart,
  ) {
    this.turn = tracer.startSpan(`chat ${start.chain}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR.operation]: 'chat',
        [ATTR.requestModel]: start.chain,
        [ATTR.turnId]: start.turnId,
        [ATTR.chain]: start.chain,
        [ATTR.route]: start.route,
        [ATTR.lanes]: [...start.lanes],
      },
    });
    this.context = trace.setSpan(context.active(), this.turn);
    for (const lane of start.lanes) {
      const span = tracer.startSpan(`cascade.lane ${lane}`, { attributes: { [ATTR.lane]: lane } }, this.context);
      this.lanes.set(lane, span);
    }
  }

  event(event: CascadeEvent): void {
    switch (event.type) {
      case 'attempt-start':
        this.startAttempt(event.lane, event.attempt, event.model);
        return;
      case 'attempt-failed': {
        const attributes: Attributes = { [ATTR.next]: event.next };
        if (event.status !== undefined) attributes[ATTR.httpStatus] = event.status;
        // A model skipped by its breaker had no attempt-start: its span is a moment long.
        if (this.attempts.get(event.lane)?.attempt !== event.attempt) {
          this.startAttempt(event.lane, event.attempt, event.model);
        }
        this.endAttempt(event.lane, event.report, event.reason, attributes);
        return;
      }
      case 'validation':
        this.attempts.get(event.lane)?.span.addEvent('cascade.validation', {
          [ATTR.validator]: event.validator,
          [ATTR.validationOk]: event.ok,
        });
        return;
      case 'reset':
        this.lanes.get(event.lane)?.addEvent('cascade.reset', { [ATTR.reason]: event.reason });
        return;
      case 'breaker':
        this.turn.addEvent('cascade.breaker', { [ATTR.model]: event.model, [ATTR.breakerState]: event.state });
        return;
      case 'lane-done': {
        const attributes: Attributes = { [ATTR.responseModel]: this.modelOf(event.lane, event.model).model };
        if (event.finishReason !== undefined) attributes[ATTR.finishReasons] = [event.finishReason];
        this.endAttempt(event.lane, event.report, undefined, attributes);
        this.endLane(event.lane, { [ATTR.outcome]: 'done', [ATTR.model]: event.model });
        return;
      }
      case 'lane-failed': {
        const attributes: Attributes = { [ATTR.outcome]: 'failed', [ATTR.reason]: event.reason };
        if (event.code !== undefined) attributes[ATTR.laneCode] = event.code;
        const span = this.lanes.get(event.lane);
        if (span && !CANCELLED.has(event.reason)) failed(span, event.reason);
        this.endLane(event.lane, attributes);
        return;
      }
      case 'settled':
        this.settle(event.winner, event.model, event.summary);
        return;
      case 'error':
        this.turn.setAttribute(ATTR.errorType, event.code);
        failed(this.turn, event.code);
        return;
      default:
    }
  }

  attempt<T>(lane: Lane, _attempt: number, call: () => T): T {
    const open = this.attempts.get(lane);
    return open ? context.with(trace.setSpan(this.context, open.span), call) : call();
  }

  end(end: TurnEnd): void {
    for (const lane of this.attempts.keys()) this.endAttempt(lane, undefined, undefined, {});
    for (const lane of this.lanes.keys()) this.endLane(lane, {});
    this.turn.setAttribute(ATTR.turnEnd, end.cause);
    this.turn.end();
  }

  private modelOf(lane: Lane, name: string): TelemetryModel {
    return this.start.models[lane]?.find((model) => model.name === name) ?? { name, provider: 'unknown', model: name };
  }

  private startAttempt(lane: Lane, attempt: number, name: string): void {
    const model = this.modelOf(lane, name);
    const parent = trace.setSpan(this.context, this.lanes.get(lane) ?? this.turn);
    const span = this.tracer.startSpan(
      `chat ${model.model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR.operation]: 'chat',
          [ATTR.provider]: model.provider,
          [ATTR.requestModel]: model.model,
          [ATTR.model]: model.name,
          [ATTR.lane]: lane,
          [ATTR.attempt]: attempt,
        },
      },
      parent,
    );
    this.attempts.set(lane, { span, attempt });
  }

  private endAttempt(lane: Lane, report: AttemptReport | undefined, reason: string | undefined, extra: Attributes) {
    const open = this.attempts.get(lane);
    if (!open) return;
    this.attempts.delete(lane);
    if (report) open.span.setAttributes(reportAttributes(report));
    open.span.setAttributes(extra);
    if (reason !== undefined && !CANCELLED.has(reason)) failed(open.span, reason);
    open.span.end();
  }

  private endLane(lane: Lane, attributes: Attributes): void {
    const span = this.lanes.get(lane);
    if (!span) return;
    this.lanes.delete(lane);
    span.setAttributes(attributes);
    span.end();
  }

  private settle(winner: Lane | null, model: string | undefined, summary: Parameters<typeof turnTokens>[0]): void {
    const { served, wasted } = turnTokens(summary, winner);
    const attributes: Attributes = {
      [ATTR.winner]: winner ?? 'none',
      [ATTR.attempts]: summary.attempts.length,
      [ATTR.costUsd]: summary.costUsd,
      [ATTR.wastedInput]: wasted.inputTokens,
      [ATTR.wastedOutput]: wasted.outputTokens,
    };
    if (summary.baselineCostUsd !== undefined) attributes[ATTR.baselineCostUsd] = summary.baselineCostUsd;
    if (winner !== null && model !== undefined) {
      attributes[ATTR.servedModel] = model;
      attributes[ATTR.responseModel] = this.modelOf(winner, model).model;
    }
    if (served?.usage) {
      // The turn as its caller sees it: the served answer's usage, as the gateway's `usage` says.
      attributes[ATTR.inputTokens] = served.usage.inputTokens;
      attributes[ATTR.outputTokens] = served.usage.outputTokens;
      attributes[ATTR.servedInput] = served.usage.inputTokens;
      attributes[ATTR.servedOutput] = served.usage.outputTokens;
    }
    this.turn.setAttributes(attributes);
    if (winner === null) {
      const reason = summary.attempts.at(-1)?.reason ?? 'unknown';
      if (!CANCELLED.has(reason)) {
        this.turn.setAttribute(ATTR.errorType, reason);
        failed(this.turn, reason);
      }
    }
  }
}
