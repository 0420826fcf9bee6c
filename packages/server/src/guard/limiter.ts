import type { LimitsConfig } from '../config/guard-schema.js';
import { HttpError } from '../http/json-error.js';
import type { LimitStore } from './limit-store.js';
import { estimate, readWindow, type WindowCounts, type WindowLimit, waitMs, windowKey } from './sliding-window.js';

/** Limits of one principal (`limits` in the configuration, or a principal's own). */
export type PrincipalLimits = LimitsConfig;

/** A request let through the limits: what its turn spends, and when it ends. */
export interface Admission {
  /** Counts tokens against the principal's token window (each attempt's, as it ends). */
  charge(tokens: number): void;
  /** Frees the request's slots; idempotent. Called when its turn ends, or when none started. */
  release(): void;
}

/** What {@link createLimiter} needs. */
export interface LimiterOptions {
  /** Limits of every principal; a principal's own `limits` override them field by field. */
  limits: PrincipalLimits;
  /** Turns the whole process runs at once (503 past it). */
  maxConcurrentTurns?: number | undefined;
  store: LimitStore;
  now: () => number;
  /** Longest a concurrency slot is held if its release never comes (a crashed instance). */
  leaseMs: number;
  /** Reports a charge the store refused (the limit then counts less, it never blocks). */
  onStoreError: (error: unknown) => void;
}

/** The value of a settled promise, or its error thrown. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** What a client waits after a concurrency refusal: a slot frees as soon as any turn ends. */
const CONCURRENCY_RETRY_S = 1;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const per = (windowMs: number) => (windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`);

function refused(
  status: 429 | 503,
  code: 'turn_rate_limited' | 'token_rate_limited' | 'concurrency_limited' | 'overloaded',
  message: string,
  retryS: number,
): HttpError {
  return new HttpError(status, code, message, undefined, { 'retry-after': String(retryS) });
}

/**
 * The limits at the door: a process-wide cap on concurrent turns (503), then per principal a
 * token budget, a concurrency cap and a turn rate (429), each refusal with `Retry-After`. The
 * token budget is checked before a turn and charged as its attempts end, so a principal can go
 * over it by the turns it has running.
 */
export function createLimiter(options: LimiterOptions) {
  const { store, now, leaseMs } = options;
  let running = 0;

  async function admit(name: string, own: PrincipalLimits | undefined): Promise<Admission> {
    const limits = own ? { ...options.limits, ...own } : options.limits;
    const max = options.maxConcurrentTurns;
    if (max !== undefined && running >= max) {
      throw refused(
        503,
        'overloaded',
        `The server is running as many turns as it may (maxConcurrentTurns: ${max}); retry shortly.`,
        CONCURRENCY_RETRY_S,
      );
    }
    running++;
    let slot: { key: string; lease: string } | undefined;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      running--;
      if (slot) Promise.resolve(store.release(slot.key, slot.lease)).catch(options.onStoreError);
    };
    try {
      const { tokens, turns } = limits;
      const concurrent = limits.concurrentTurns;
      const at = now();
      const slotKey = `concurrent:${name}`;
      // Read together, judged in order below: a shared store answers all three in one round trip.
      const [tokenCounts, lease, turnCounts] = await Promise.allSettled([
        tokens ? readWindow(store, 'tokens', name, tokens.windowMs, at) : undefined,
        concurrent === undefined ? undefined : store.acquire(slotKey, concurrent, leaseMs),
        turns ? readWindow(store, 'turns', name, turns.windowMs, at) : undefined,
      ]);
      // Kept first, so that a refusal below (or a failed read) gives the slot back.
      if (lease.status === 'fulfilled' && typeof lease.value === 'string') slot = { key: slotKey, lease: lease.value };
      if (tokens) {
        const counts = settled(tokenCounts) as WindowCounts;
        if (estimate(counts) >= tokens.max) {
          throw refused(
            429,
            'token_rate_limited',
            `This client spent its tokens for now (limits.tokens: ${tokens.max} per ${per(tokens.windowMs)}).`,
            seconds(waitMs(counts, tokens, 1)),
          );
        }
      }
      if (concurrent !== undefined && settled(lease) === null) {
        throw refused(
          429,
          'concurrency_limited',
          `This client runs as many turns at once as it may (limits.concurrentTurns: ${concurrent}).`,
          CONCURRENCY_RETRY_S,
        );
      }
      if (turns) await takeTurn(turns, settled(turnCounts) as WindowCounts);
    } catch (error) {
      release();
      throw error;
    }
    const tokenWindow = limits.tokens;
    return {
      release,
      charge(amount) {
        if (!tokenWindow || !(amount > 0)) return;
        const key = windowKey('tokens', tokenWindow.windowMs, Math.floor(now() / tokenWindow.windowMs), name);
        Promise.resolve(store.add(key, amount, 2 * tokenWindow.windowMs)).catch(options.onStoreError);
      },
    };
  }

  /** Counts one turn on the window read as `counts`, or refuses it; a refused turn is taken back out of the count. */
  async function takeTurn(limit: WindowLimit, counts: WindowCounts): Promise<void> {
    // Count first, then judge: two requests racing for the last turn can both be refused, never both let in.
    const current = await store.add(counts.key, 1, 2 * limit.windowMs);
    const after = { ...counts, current };
    if (estimate(after) <= limit.max) return;
    await store.add(counts.key, -1, 2 * limit.windowMs);
    throw refused(
      429,
      'turn_rate_limited',
      `This client started as many turns as it may for now (limits.turns: ${limit.max} per ${per(limit.windowMs)}).`,
      seconds(waitMs({ ...counts, current: current - 1 }, limit, 1)),
    );
  }

  return {
    admit,
    /** Turns admitted and not yet ended, in this process. */
    running: () => running,
  };
}
