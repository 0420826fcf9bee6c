import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger, ofType, sim, turn } from '../__fixtures__/harness.js';
import { systemClock } from '../clock.js';
import { createCascadeHandler } from '../handler.js';
import { BreakerRegistry, CircuitBreaker, resolveBreaker } from './breaker.js';
import { memoryBreakerStore } from './breaker-store.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const breaker = (config = {}, store = memoryBreakerStore()) =>
  new CircuitBreaker('m', resolveBreaker({ cooldownMs: 1000, ...config }), store, systemClock);

describe('circuit breaker', () => {
  it('opens after N consecutive failures and refuses at once while open', async () => {
    const b = breaker({ consecutiveFailures: 3 });
    for (let i = 0; i < 2; i++) expect((await b.record(false)).state).toBe('closed');
    await b.record(true);
    for (let i = 0; i < 2; i++) await b.record(false);
    expect(await b.state()).toBe('closed');
    expect(await b.record(false)).toEqual({ state: 'open', previous: 'closed' });
    expect(await b.admit()).toMatchObject({ admitted: false, state: 'open' });
  });

  it('opens on the failure rate over a rolling window once enough calls were seen', async () => {
    const b = breaker({ consecutiveFailures: 100, failureRate: 0.5, minimumCalls: 6, windowMs: 10_000 });
    for (const ok of [false, true, false, true, false]) await b.record(ok);
    expect(await b.state()).toBe('closed'); // 3/5 failed, but fewer than 6 calls
    await b.record(false); // 4/6
    expect(await b.state()).toBe('open');
  });

  it('forgets calls that left the window', async () => {
    const b = breaker({ consecutiveFailures: 100, failureRate: 0.5, minimumCalls: 4, windowMs: 1000 });
    for (const ok of [false, false, false]) await b.record(ok);
    vi.advanceTimersByTime(1500);
    await b.record(true);
    await b.record(false);
    expect(await b.state()).toBe('closed');
  });

  it('after the cooldown admits exactly one probe; its success closes the breaker', async () => {
    const b = breaker({ consecutiveFailures: 1 });
    await b.record(false);
    vi.advanceTimersByTime(999);
    expect((await b.admit()).admitted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await b.state()).toBe('half-open');
    const [first, second, third] = await Promise.all([b.admit(), b.admit(), b.admit()]);
    expect(first).toMatchObject({ admitted: true, probe: true, state: 'half-open' });
    expect(second).toMatchObject({ admitted: false, state: 'half-open' });
    expect(third?.admitted).toBe(false);
    expect(await b.record(true, first?.probeId)).toEqual({ state: 'closed', previous: 'half-open' });
    expect((await b.admit()).admitted).toBe(true);
  });

  it("a probe's failure opens it again for a new cooldown", async () => {
    const b = breaker({ consecutiveFailures: 1 });
    await b.record(false);
    vi.advanceTimersByTime(1000);
    const probe = await b.admit();
    expect(await b.record(false, probe.probeId)).toEqual({ state: 'open', previous: 'half-open' });
    expect((await b.admit()).admitted).toBe(false);
    vi.advanceTimersByTime(1000);
    expect((await b.admit()).probe).toBe(true);
  });

  it('a released probe (cancelled turn) lets another probe run', async () => {
    const b = breaker({ consecutiveFailures: 1 });
    await b.record(false);
    vi.advanceTimersByTime(1000);
    const probe = await b.admit();
    await b.release(probe.probeId);
    expect((await b.admit()).probe).toBe(true);
  });

  it('shares state through its store, e.g. between two server instances', async () => {
    const store = memoryBreakerStore();
    const a = new BreakerRegistry(store, systemClock).get('gpt', { consecutiveFailures: 1, cooldownMs: 1000 });
    const b = new BreakerRegistry(store, systemClock).get('gpt', { consecutiveFailures: 1, cooldownMs: 1000 });
    await a.record(false);
    expect(await b.state()).toBe('open');
    vi.advanceTimersByTime(1000);
    expect((await a.admit()).probe).toBe(true);
    expect((await b.admit()).admitted).toBe(false);
  });
});

describe('breaker in the chain', () => {
  it('skips an open model at once, announces states in events and at /api/health', async () => {
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            {
              ...sim('down', { failure: { kind: 'http', status: 503 } }),
              breaker: { consecutiveFailures: 2, cooldownMs: 5000 },
            },
            sim('backup', { text: 'ok' }),
          ],
        },
      },
      logger: memoryLogger(),
    });
    await turn(handler);
    const second = await turn(handler);
    expect(ofType(second, 'breaker')).toEqual([{ type: 'breaker', model: 'down', state: 'open' }]);
    const third = await turn(handler);
    expect(ofType(third, 'attempt-start').map((e) => e.model)).toEqual(['backup']);
    expect(ofType(third, 'attempt-failed')[0]).toMatchObject({
      reason: 'breaker-open',
      next: 'fallback',
      model: 'down',
    });
    expect(ofType(third, 'settled')[0]?.summary.attempts[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'breaker-open',
    });
    const health = await (await handler(new Request('http://localhost/api/health'))).json();
    expect(health.breakers.down.state).toBe('open');
    expect(health.breakers.backup).toBeUndefined(); // its breaker is disabled

    vi.advanceTimersByTime(5000);
    expect((await handler.health()).breakers.down?.state).toBe('half-open');
    const probe = await turn(handler);
    expect(ofType(probe, 'breaker').map((e) => e.state)).toEqual(['half-open', 'open']);
    expect(ofType(probe, 'attempt-start').map((e) => e.model)).toEqual(['down', 'backup']);
  });

  it('closes after a successful probe', async () => {
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            {
              ...sim('recovers', { text: 'back', failure: { kind: 'http', status: 500 }, failCalls: 1 }),
              breaker: { consecutiveFailures: 1, cooldownMs: 100 },
            },
            sim('backup'),
          ],
        },
      },
      logger: memoryLogger(),
    });
    await turn(handler);
    vi.advanceTimersByTime(100);
    const probe = await turn(handler);
    expect(ofType(probe, 'breaker').map((e) => e.state)).toEqual(['half-open', 'closed']);
    expect(ofType(probe, 'settled')[0]?.model).toBe('recovers');
  });

  it('does not count unwanted but healthy answers (validation) as failures', async () => {
    const handler = createCascadeHandler({
      chains: {
        c: {
          final: [
            {
              ...sim('chatty', { text: 'prose' }),
              validators: [{ type: 'json' }],
              breaker: { consecutiveFailures: 1 },
            },
            sim('backup'),
          ],
        },
      },
      logger: memoryLogger(),
    });
    await turn(handler);
    await turn(handler);
    expect((await handler.health()).breakers.chatty?.state).toBe('closed');
  });
});
