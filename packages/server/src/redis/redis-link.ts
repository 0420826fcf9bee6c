import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../config/types.js';
import { defineScripts, type StoreScripts } from './redis-scripts.js';

/** How often the offset between this host's clock and the Redis server's `TIME` is measured again. */
const TIME_SYNC_EVERY_MS = 15_000;

/**
 * After a command failed on a connection that still looks up (a timeout: Redis stalled, or the
 * network dropped packets without closing), how long calls go to local state without trying, so
 * that a hung Redis costs one timeout, not one per call.
 */
const PAUSE_AFTER_FAILURE_MS = 1_000;

/**
 * Defaults that make a lost Redis cost a turn nothing: commands fail at once while the client is
 * not connected (no offline queue), a command in flight when the connection drops is not resent
 * later (its caller has moved on to local state), and one that gets no answer gives up after
 * `commandTimeout`. The client keeps reconnecting in the background.
 */
export const LINK_DEFAULTS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  commandTimeout: 500,
  connectTimeout: 2_000,
  retryStrategy: (times) => Math.min(100 * times, 2_000),
};

/**
 * One Redis connection shared by the breaker and limit stores, and whether it can be used now.
 * Each store asks {@link RedisLink.run}; when Redis is not there the store answers from this
 * process's memory instead. The first failure of an outage logs one warning, the reconnection
 * one note; nothing else is logged in between.
 */
export class RedisLink {
  readonly client: Redis & StoreScripts;
  /** Redis `TIME` minus `Date.now()`, ms, as last measured (0 until then). */
  private offset = 0;
  private down = false;
  /** Until when (Date.now()) calls skip Redis after a failure; reset when the connection is (re)made. */
  private pausedUntil = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    url: string | undefined,
    options: RedisOptions,
    private readonly logger: Logger,
  ) {
    const merged = { ...LINK_DEFAULTS, ...options };
    this.client = defineScripts(url === undefined ? new Redis(merged) : new Redis(url, merged));
    // Connection errors arrive here while the client retries; the outage itself is reported once by `failed`.
    this.client.on('error', (error: unknown) => this.failed(error));
    this.client.on('ready', () => {
      this.pausedUntil = 0;
      void this.syncTime();
    });
    this.timer = setInterval(() => void this.syncTime(), TIME_SYNC_EVERY_MS);
    this.timer.unref?.();
  }

  /** Commands go to Redis now. */
  get connected(): boolean {
    return this.client.status === 'ready';
  }

  /** Time on the Redis server's clock, ms, read from this host's clock plus the measured offset. */
  now(): number {
    return Date.now() + this.offset;
  }

  /**
   * `shared()` against Redis, or `local()` when Redis is not connected or the command fails (the
   * outage is logged once, and the first success after it once). `local` is this process's
   * fallback state.
   */
  async run<T>(shared: (client: Redis & StoreScripts) => Promise<T>, local: () => T): Promise<T> {
    if (!this.connected) {
      this.failed(new Error(`the Redis connection is ${this.client.status}`));
      return local();
    }
    if (this.pausedUntil > Date.now()) return local();
    try {
      const value = await shared(this.client);
      if (this.down) {
        this.down = false;
        this.logger.info?.('cascadekit: Redis answers again; breakers and limits are shared again');
      }
      return value;
    } catch (error) {
      // Any failure, not only a lost connection: a turn never fails for the shared store's sake.
      this.failed(error);
      this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
      return local();
    }
  }

  /** Closes the connection and the time sync. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.down = true; // a closed link is no outage to report
    this.client.removeAllListeners('ready');
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn('cascadekit: Redis failed; breakers and limits are kept in this process until it answers again', {
      error: error instanceof Error ? error.message : String(error),
    });
  }

  /** Measures the offset to Redis `TIME` halfway through the round trip (loopback/LAN: well under 1 ms). */
  private async syncTime(): Promise<void> {
    if (!this.connected) return;
    try {
      const sent = Date.now();
      const [seconds, micros] = await this.client.time();
      const received = Date.now();
      this.offset = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - (sent + received) / 2;
    } catch {
      // Kept: the last offset stays right while Redis is away.
    }
  }
}
