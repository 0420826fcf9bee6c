import { Registry } from 'prom-client';
import type { RouteGuard } from '../guard/guard.js';
import type { Route } from '../handler.js';
import type { Telemetry, TelemetrySource } from '../telemetry/types.js';
import { createMetrics } from './metrics.js';
import { TurnMetrics } from './turn-metrics.js';

export { TTFT_BUCKETS, TURN_BUCKETS } from './metrics.js';

/** Options of {@link prometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Where the metrics are registered, e.g. prom-client's default `register`. Default: a registry of their own. */
  registry?: Registry;
  /** Prefix of every metric's name. Default `cascadekit_`. */
  prefix?: string;
}

/** cascadekit's metrics: a {@link Telemetry} for `CascadeConfig.telemetry`, their registry, and a scrape route. */
export interface PrometheusMetrics extends Telemetry {
  readonly registry: Registry;
  /**
   * The scrape route, for `createCascadeHandler`'s `routes` (e.g. `'/metrics'`): the registry in
   * Prometheus' text format. It goes through the guard as every route does: `turn` (the default)
   * asks `authorize`; `open` lets scrapers in without credentials.
   */
  route(options?: { guard?: RouteGuard }): Route;
}

/**
 * Prometheus metrics of every turn, on prom-client (so Node, Bun or Deno; the main entry stays
 * web-standard and never loads it): turns by outcome, attempts by outcome and reason,
 * fallbacks and retries, each model's breaker state, time to first token and turn duration
 * histograms, draft acceptance, tokens served and wasted, cost. Needs `prom-client` (an optional
 * peer dependency).
 *
 * @example
 * ```ts
 * import { createCascadeHandler } from '@cascadekit/server';
 * import { prometheusMetrics } from '@cascadekit/server/prometheus';
 *
 * const metrics = prometheusMetrics();
 * const handler = createCascadeHandler(
 *   { chains, telemetry: metrics },
 *   { routes: { '/metrics': metrics.route() } }, // behind `authorize`; { guard: 'open' } for none
 * );
 * ```
 */
export function prometheusMetrics(options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const registry = options.registry ?? new Registry();
  const sources: TelemetrySource[] = [];
  const metrics = createMetrics(registry, options.prefix ?? 'cascadekit_', sources);
  return {
    registry,
    turn: (start) => new TurnMetrics(metrics, start),
    attach: (source) => {
      sources.push(source);
    },
    route: (route = {}) => ({
      methods: ['GET'],
      guard: route.guard ?? 'turn',
      handle: async () =>
        new Response(await registry.metrics(), {
          headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
        }),
    }),
  };
}
