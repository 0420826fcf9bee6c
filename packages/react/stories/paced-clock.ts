import { type Clock, systemClock } from '@cascadekit/server';

/** Lag a schedule may catch up on; beyond it (a long first-token wait, a busy tab) it starts afresh. */
const CATCH_UP_MS = 100;
/** Waits this long or longer are not token gaps (a stall): the real clock's. */
const LONG_WAIT_MS = 60_000;

/**
 * The simulated models' clock in the stories: it keeps a model's token rate even above what browser
 * timers allow. Chromium delays a nested timer by at least 4 ms, so one timer per token caps a model
 * at about 250 tokens a second: a story asking for 1000 streamed four times slower than it said
 * (the "Very Long Answer" story took 5 s for 1.1 s of tokens). Here each request's waits add up on
 * a schedule of their own, and a wait whose time has come resolves without a timer, so the tokens
 * due within one timer tick go out together, at the rate asked for on average.
 */
export function pacedClock(): Clock {
  const schedules = new WeakMap<object, number>();
  const shared = {};
  return {
    now: () => Date.now(),
    async sleep(ms, signal) {
      if (ms >= LONG_WAIT_MS) return systemClock.sleep(ms, signal);
      signal?.throwIfAborted();
      const key = signal ?? shared;
      const now = performance.now();
      const last = schedules.get(key) ?? now;
      const due = (now - last > CATCH_UP_MS ? now : last) + ms;
      schedules.set(key, due);
      if (due > now) await systemClock.sleep(due - now, signal);
    },
  };
}
