import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TelemetrySource } from '../telemetry/types.js';

/** Buckets of the time-to-first-token histograms, seconds. */
export const TTFT_BUCKETS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30];
/** Buckets of the turn-duration histogram, seconds. */
export const TURN_BUCKETS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

/** The metric families of one registry (prefix applied), shared by every turn of its handlers. */
export type CascadeMetrics = ReturnType<typeof createMetrics>;

/** Creates cascadekit's metric families in `registry`; `sources` are the handlers whose breakers are read at scrape time. */
export function createMetrics(registry: Registry, prefix: string, sources: readonly TelemetrySource[]) {
  const registers = [registry];
  return {
    turns: new Counter({
      name: `${prefix}turns_total`,
      help: 'Turns that ended, by outcome: final or draft (the lane that served), failed, aborted, slow-client, error.',
      labelNames: ['chain', 'route', 'outcome'],
      registers,
    }),
    turnsActive: new Gauge({
      name: `${prefix}turns_active`,
      help: 'Turns running now.',
      labelNames: ['chain', 'route'],
      registers,
    }),
    turnDuration: new Histogram({
      name: `${prefix}turn_duration_seconds`,
      help: 'Time from the start of a turn to its end, by outcome.',
      labelNames: ['chain', 'route', 'outcome'],
      buckets: [...TURN_BUCKETS],
      registers,
    }),
    ttft: new Histogram({
      name: `${prefix}time_to_first_token_seconds`,
      help: "Time from the start of a turn to the first text of each lane, as its client sees it (a lane's fallbacks included).",
      labelNames: ['chain', 'route', 'lane'],
      buckets: [...TTFT_BUCKETS],
      registers,
    }),
    attemptTtft: new Histogram({
      name: `${prefix}attempt_time_to_first_token_seconds`,
      help: "Time from the start of an attempt to its model's first token.",
      labelNames: ['chain', 'lane', 'model'],
      buckets: [...TTFT_BUCKETS],
      registers,
    }),
    attempts: new Counter({
      name: `${prefix}attempts_total`,
      help: 'Attempts by outcome (ok, failed, skipped) and failure reason (see the error-class table).',
      labelNames: ['chain', 'lane', 'model', 'outcome', 'reason'],
      registers,
    }),
    fallbacks: new Counter({
      name: `${prefix}fallbacks_total`,
      help: 'Failed attempts after which the lane moved on to its next model, by the model that failed and why.',
      labelNames: ['chain', 'lane', 'model', 'reason'],
      registers,
    }),
    retries: new Counter({
      name: `${prefix}retries_total`,
      help: 'Failed attempts after which the lane tried the same model again.',
      labelNames: ['chain', 'lane', 'model', 'reason'],
      registers,
    }),
    drafts: new Counter({
      name: `${prefix}drafts_total`,
      help: "Draft lanes by what became of them: accepted (the draft's answer stood), replaced (by the final answer), superseded (cancelled, the final settled first), failed.",
      labelNames: ['chain', 'outcome'],
      registers,
    }),
    tokens: new Counter({
      name: `${prefix}tokens_total`,
      help: "Tokens of attempts (the provider's usage, else an estimate), input or output, served (the answer that stood) or not.",
      labelNames: ['chain', 'lane', 'model', 'direction', 'served'],
      registers,
    }),
    cost: new Counter({
      name: `${prefix}cost_usd_total`,
      help: 'Cost of attempts of models with a price, US dollars.',
      labelNames: ['chain', 'lane', 'model'],
      registers,
    }),
    baselineCost: new Counter({
      name: `${prefix}baseline_cost_usd_total`,
      help: "What the turns would have cost on their final lane's first model alone, US dollars.",
      labelNames: ['chain'],
      registers,
    }),
    breakers: new Gauge({
      name: `${prefix}breaker_state`,
      help: "1 for each model's circuit breaker's current state (closed, half-open, open), 0 for the others; read at scrape time.",
      labelNames: ['model', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const source of sources) {
          for (const [model, breaker] of Object.entries(await source.breakers())) {
            for (const state of BREAKER_STATES) this.set({ model, state }, breaker.state === state ? 1 : 0);
          }
        }
      },
    }),
  };
}
