import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Clock, setTimer, systemClock } from './clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('timers on a clock', () => {
  it("use the clock's own setTimer when it has one (the system clock: a bare setTimeout)", () => {
    const armed: number[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: () => Promise.reject(new Error('sleep is not used for timers when setTimer exists')),
      setTimer(ms) {
        armed.push(ms);
        return () => armed.push(-ms);
      },
    };
    const cancel = setTimer(clock, 50, () => {});
    cancel();
    expect(armed).toEqual([50, -50]);

    vi.useFakeTimers();
    const fired: string[] = [];
    systemClock.setTimer(10, () => fired.push('first'));
    const stop = systemClock.setTimer(20, () => fired.push('cancelled'));
    stop();
    vi.advanceTimersByTime(30);
    expect(fired).toEqual(['first']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('go through sleep on a clock without setTimer, and cancel its sleep', async () => {
    const sleeps: AbortSignal[] = [];
    let wake!: () => void;
    const clock: Clock = {
      now: () => 0,
      sleep(_ms, signal) {
        sleeps.push(signal as AbortSignal);
        return new Promise<void>((resolve) => {
          wake = resolve;
        });
      },
    };
    const fired: string[] = [];
    setTimer(clock, 5, () => fired.push('fired'));
    wake();
    await Promise.resolve();
    await Promise.resolve();
    expect(fired).toEqual(['fired']);
    const cancel = setTimer(clock, 5, () => fired.push('cancelled'));
    cancel();
    expect(sleeps[1]?.aborted).toBe(true);
  });
});
