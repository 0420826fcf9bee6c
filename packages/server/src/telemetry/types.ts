import type { CascadeEvent, Lane } from '@cascadekit/core';

/** A model of a chain as telemetry names it. */
export interface TelemetryModel {
  /** The name clients see and the breaker key (`ModelConfig.name`, else its `model`). */
  name: string;
  /** The provider kind: `openai`, `anthropic`, `simulator`, or a custom `Provider`'s `kind`. */
  provider: string;
  /** The model id sent upstream (`ModelConfig.model`). */
  model: string;
}

/** What a {@link Telemetry} learns when a turn starts. */
export interface TurnStart {
  turnId: string;
  chain: string;
  /** The path of the route that runs the turn, e.g. `/api/cascade` or `/v1/chat/completions`. */
  route: string;
  /** The lanes this turn runs. */
  lanes: readonly Lane[];
  /** The chain's models by lane, in order. */
  models: Readonly<Partial<Record<Lane, readonly TelemetryModel[]>>>;
  /** The handler's clock (`CascadeConfig.clock`), ms: time the turn's events with it. */
  now(): number;
}

/** Why a turn ended: its answer settled (or failed), its client went away, read too slowly, or the server failed. */
export type TurnEndCause = 'completed' | 'aborted' | 'slow-client' | 'error';

/** What a {@link TurnWatcher} learns when its turn has ended. */
export interface TurnEnd {
  cause: TurnEndCause;
}

/**
 * Watches one turn. `event` gets every protocol event of the turn as the server emits it, also
 * those a client that went away never reads; `end` is called exactly once, after the last event,
 * however the turn ended (settled, client gone, body cancelled, superseded lanes, server error).
 * Both must return quickly; an exception is logged and never disturbs the turn.
 */
export interface TurnWatcher {
  event(event: CascadeEvent): void;
  end(end: TurnEnd): void;
  /**
   * Runs an attempt's model call (after its `attempt-start`) inside what the watcher puts around
   * it, e.g. its span as the active context, so the upstream HTTP call's own instrumentation
   * nests under the attempt. Must call `call` once, at once, and return what it returns.
   */
  attempt?<T>(lane: Lane, attempt: number, call: () => T): T;
}

/** A breaker's state as `GET {basePath}/health` reports it. */
export interface TelemetryBreaker {
  state: string;
  consecutiveFailures: number;
  openedAt?: number;
}

/** What a handler offers a {@link Telemetry} at any time (e.g. when metrics are scraped). */
export interface TelemetrySource {
  /** Every model's breaker state, read from the breaker store now. */
  breakers(): Promise<Record<string, TelemetryBreaker>>;
}

/**
 * Telemetry of a handler (`CascadeConfig.telemetry`): `@cascadekit/server/otel` (spans) and
 * `@cascadekit/server/prometheus` (metrics) are two; an object of yours with `turn` is another.
 */
export interface Telemetry {
  /** A turn starts; what it returns watches the turn (nothing: the turn is not watched). */
  turn(start: TurnStart): TurnWatcher | undefined;
  /** Called once by `createCascadeHandler` with what the handler can tell at any time. */
  attach?(source: TelemetrySource): void;
}
