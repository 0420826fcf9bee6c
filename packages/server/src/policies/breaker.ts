import type { BreakerState } from '@cascadekit/core';
import type { Clock } from '../clock.js';
import { ConfigError } from '../config/load.js';
import type { BreakerConfig } from '../config/types.js';
import type { BreakerRecord, BreakerStore } from './breaker-store.js';

/** Default breaker policy. */
export const DEFAULT_BREAKER: Readonly<Required<BreakerConfig>> = {
  consecutiveFailures: 5,
  failureRate: 0.5,
  windowMs: 60_000,
  minimumCalls: 10,
  cooldownMs: 30_000,
};

/** A probe that never reported back (say its process died) is given up after this long, ms. */
export const PROBE_TIMEOUT_MS = 120_000;

/** Fills in the defaults. */
export function resolveBreaker(config: BreakerConfig | undefined): Required<BreakerConfig> {
  return { ...DEFAULT_BREAKER, ...config };
}

/** Answer of {@link CircuitBreaker.admit}. */
export interface Admission {
  admitted: boolean;
  /** This call is the single half-open probe. */
  probe: boolean;
  /** Probe token, to be handed back to `record`/`release`. */
  probeId?: string;
  /** State the breaker is in after the admission. */
  state: BreakerState;
  /** State before, to announce transitions. */
  previous: BreakerState;
}

const fresh = (): BreakerRecord => ({ state: 'closed', consecutiveFailures: 0, buckets: [] });

/** Buckets of a rolling window: its rate is exact to a tenth of the window, at O(1) cost per call. */
const BUCKETS_PER_WINDOW = 10;

function addToWindow(record: BreakerRecord, ok: boolean, now: number, windowMs: number): BreakerRecord['buckets'] {
  const width = Math.max(1, Math.floor(windowMs / BUCKETS_PER_WINDOW));
  const start = Math.floor(now / width) * width;
  const buckets = record.buckets.filter((b) => b.start > now - windowMs);
  const last = buckets[buckets.length - 1];
  if (last && last.start === start) {
    buckets[buckets.length - 1] = { start, ok: last.ok + (ok ? 1 : 0), failed: last.failed + (ok ? 0 : 1) };
  } else buckets.push({ start, ok: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return buckets;
}

let probeCounter = 0;

/**
 * A circuit breaker for one model, its state kept in a {@link BreakerStore} so that every
 * turn (and with a shared store every instance) sees the same state.
 *
 * - closed: every call passes; opens after `consecutiveFailures` failures in a row, or when
 *   at least `minimumCalls` calls inside `windowMs` failed at `failureRate` or more;
 * - open: calls are refused at once until `cooldownMs` has passed;
 * - half-open: exactly one probe is admitted, every other call is refused while it runs;
 *   the probe's success closes the breaker, its failure opens it again for a new cooldown.
 */
export class CircuitBreaker {
  constructor(
    readonly key: string,
    readonly policy: Required<BreakerConfig>,
    private readonly store: BreakerStore,
    private readonly clock: Clock,
  ) {}

  /** The store's shared time when it keeps one, else the clock's. */
  private now(): number {
    return this.store.now ? this.store.now() : this.clock.now();
  }

  /** The state as callers see it now (an open breaker past its cooldown reads half-open). */
  view(record: BreakerRecord | undefined): BreakerState {
    if (!record) return 'closed';
    if (record.state === 'open' && this.now() - (record.openedAt ?? 0) >= this.policy.cooldownMs) {
      return 'half-open';
    }
    return record.state;
  }

  async state(): Promise<BreakerState> {
    return this.view(await this.store.get(this.key));
  }

  /** Asks to make a call. Refused while open, and while another probe runs when half-open. */
  async admit(): Promise<Admission> {
    let id: string | undefined;
    let previous: BreakerState = 'closed';
    const now = this.now();
    const record = await this.store.update(this.key, (current) => {
      // A shared store may run this again on a newer record (compare-and-set): no stale token.
      id = undefined;
      const record = current ?? fresh();
      previous = this.view(record);
      if (previous === 'closed') return record;
      if (previous === 'open') return record;
      // half-open: claim the probe when none runs (or the one running went silent)
      if (record.probe && now - record.probe.startedAt < PROBE_TIMEOUT_MS) return record;
      // Drawn only for a probe: a closed breaker's admission (every call) needs no token.
      id = `probe-${++probeCounter}-${Math.random().toString(36).slice(2, 8)}`;
      return { ...record, state: 'half-open', probe: { id, startedAt: now } };
    });
    const state = this.view(record);
    if (state === 'closed') return { admitted: true, probe: false, state, previous };
    if (state === 'half-open' && id !== undefined && record.probe?.id === id) {
      return { admitted: true, probe: true, probeId: id, state, previous };
    }
    return { admitted: false, probe: false, state, previous };
  }

  /** Records a call's outcome and returns the state after it, with the state before. */
  async record(ok: boolean, probeId?: string): Promise<{ state: BreakerState; previous: BreakerState }> {
    const now = this.now();
    let previous: BreakerState = 'closed';
    const record = await this.store.update(this.key, (current) => {
      const record = current ?? fresh();
      previous = this.view(record);
      const isProbe = probeId !== undefined && record.probe?.id === probeId;
      if (isProbe) {
        return ok
          ? fresh()
          : { ...record, state: 'open', openedAt: now, probe: undefined, consecutiveFailures: 0, buckets: [] };
      }
      if (record.state !== 'closed') return record; // a late call of an earlier closed period
      const buckets = addToWindow(record, ok, now, this.policy.windowMs);
      const consecutiveFailures = ok ? 0 : record.consecutiveFailures + 1;
      const failures = buckets.reduce((sum, b) => sum + b.failed, 0);
      const calls = buckets.reduce((sum, b) => sum + b.ok + b.failed, 0);
      const tripped =
        !ok &&
        (consecutiveFailures >= this.policy.consecutiveFailures ||
          (calls >= this.policy.minimumCalls && failures / calls >= this.policy.failureRate));
      if (tripped) return { state: 'open', openedAt: now, consecutiveFailures: 0, buckets: [] };
      return { ...record, buckets, consecutiveFailures };
    });
    return { state: this.view(record), previous };
  }

  /** Gives a probe back without a verdict (the turn was cancelled), so another may run. */
  async release(probeId: string | undefined): Promise<void> {
    if (probeId === undefined) return;
    await this.store.update(this.key, (current) => {
      const record = current ?? fresh();
      return record.probe?.id === probeId ? { ...record, probe: undefined } : record;
    });
  }
}

/** One breaker per model key, shared by every turn of a handler. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  /** Where each key's policy was first configured, and that policy, to catch a second, different one. */
  private readonly policies = new Map<string, { path: string; policy: string }>();

  constructor(
    readonly store: BreakerStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The breaker of `key`. A model has one breaker across chains and lanes, so one policy:
   * `path` (e.g. `chains.support.final[0]`) names where this one is configured, and a second
   * path with other settings for the same key throws a `ConfigError` at start.
   */
  get(key: string, config: BreakerConfig | undefined, path = key): CircuitBreaker {
    const policy = JSON.stringify(resolveBreaker(config));
    const first = this.policies.get(key);
    if (first && first.policy !== policy) {
      throw new ConfigError(
        `${path}.breaker`,
        `differs from ${first.path}.breaker, but both are model "${key}" and a model has one breaker: give both the same settings, or a different \`name\` to each`,
      );
    }
    if (!first) this.policies.set(key, { path, policy });
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(key, resolveBreaker(config), this.store, this.clock);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** States of every registered breaker, for `GET /api/health`. */
  async states(): Promise<Record<string, { state: BreakerState; consecutiveFailures: number; openedAt?: number }>> {
    const result: Record<string, { state: BreakerState; consecutiveFailures: number; openedAt?: number }> = {};
    for (const [key, breaker] of this.breakers) {
      const record = await this.store.get(key);
      const entry: { state: BreakerState; consecutiveFailures: number; openedAt?: number } = {
        state: breaker.view(record),
        consecutiveFailures: record?.consecutiveFailures ?? 0,
      };
      if (record?.openedAt !== undefined) entry.openedAt = record.openedAt;
      result[key] = entry;
    }
    return result;
  }
}
