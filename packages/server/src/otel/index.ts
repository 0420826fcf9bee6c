import { type Tracer, trace } from '@opentelemetry/api';
import type { Telemetry } from '../telemetry/types.js';
import { TurnSpans } from './turn-spans.js';

export { ATTR as OTEL_ATTRIBUTES } from './attributes.js';

/** Options of {@link otelTelemetry}. */
export interface OtelTelemetryOptions {
  /** Where spans go. Default: `trace.getTracer('@cascadekit/server')` of the registered provider. */
  tracer?: Tracer;
}

/**
 * OpenTelemetry spans of every turn, for `CascadeConfig.telemetry`: one span per turn (`chat
 * {chain}`, a child of the span active when the request came in), one per lane under it
 * (`cascade.lane {lane}`) and one per attempt under its lane (`chat {model}`, kind client), with
 * the GenAI semantic conventions' attributes (`gen_ai.operation.name`, `gen_ai.provider.name`,
 * `gen_ai.request.model`, `gen_ai.response.model`, `gen_ai.usage.*`, `error.type`) and
 * cascadekit's (`cascade.*`: lane, attempt, failure reason, next step, served and wasted tokens,
 * cost). Every span ends with its turn, also when the client goes away or a lane is superseded.
 * Needs `@opentelemetry/api` (an optional peer dependency); the main entry never loads it.
 *
 * @example
 * ```ts
 * import { createCascadeHandler } from '@cascadekit/server';
 * import { otelTelemetry } from '@cascadekit/server/otel';
 * import { trace } from '@opentelemetry/api';
 *
 * const handler = createCascadeHandler({
 *   chains,
 *   telemetry: otelTelemetry({ tracer: trace.getTracer('my-app') }),
 * });
 * ```
 */
export function otelTelemetry(options: OtelTelemetryOptions = {}): Telemetry {
  const tracer = options.tracer;
  return {
    // The global provider is read per turn, so a provider registered after the handler is used.
    turn: (start) => new TurnSpans(tracer ?? trace.getTracer('@cascadekit/server'), start),
  };
}
