import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { CircuitBreaker, PROBE_TIMEOUT_MS, resolveBreaker } from './breaker';
import { memoryBreakerStore } from './breaker-store';

/** A clock the test moves by hand: properties must hold for any interleaving of calls and time. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance(ms) {
      now += ms;
    },
  };
}

type Op =
  | { kind: 'admit' }
  | { kind: 'admit-many'; count: number }
  | { kind: 'record'; pick: number; ok: boolean }
  | { kind: 'record-unadmitted'; ok: boolean }
  | { kind: 'release'; pick: number }
  | { kind: 'tick'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ kind: 'admit' }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 6 }).map<Op>((count) => ({ kind: 'admit-many', count })) },
  {
    weight: 4,
    arbitrary: fc.record({ pick: fc.nat(), ok: fc.boolean() }).map<Op>((r) => ({ kind: 'record', ...r })),
  },
  { weight: 1, arbitrary: fc.boolean().map<Op>((ok) => ({ kind: 'record-unadmitted', ok })) },
  { weight: 1, arbitrary: fc.nat().map<Op>((pick) => ({ kind: 'release', pick })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3_000 }).map<Op>((ms) => ({ kind: 'tick', ms })) },
);

const policyArb = fc.record({
  consecutiveFailures: fc.integer({ min: 1, max: 5 }),
  failureRate: fc.double({ min: 0.1, max: 1, noNaN: true }),
  windowMs: fc.integer({ min: 100, max: 5_000 }),
  minimumCalls: fc.integer({ min: 1, max: 8 }),
  cooldownMs: fc.integer({ min: 1, max: 2_000 }),
});

interface InFlight {
  probe: boolean;
  probeId: string | undefined;
  startedAt: number;
}

describe('circuit breaker properties (any sequence of outcomes and clock steps)', () => {
  it('admits at most one probe at a time while half-open, refuses everything while open, and a probe decides the state', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, fc.array(opArb, { minLength: 1, maxLength: 80 }), async (config, ops) => {
        const clock = manualClock();
        const policy = resolveBreaker(config);
        const breaker = new CircuitBreaker('model', policy, memoryBreakerStore(), clock);
        const inFlight: InFlight[] = [];
        let openedAt: number | undefined;

        const liveProbes = () => inFlight.filter((c) => c.probe && clock.now() - c.startedAt < PROBE_TIMEOUT_MS).length;

        const admit = async () => {
          const before = await breaker.state();
          const live = liveProbes();
          const admission = await breaker.admit();
          if (before === 'closed') expect(admission).toMatchObject({ admitted: true, probe: false });
          if (before === 'open') expect(admission.admitted).toBe(false);
          if (admission.probe) {
            // The one probe: only from half-open, and only when no other probe is alive.
            expect(before).toBe('half-open');
            expect(live).toBe(0);
          }
          if (before === 'half-open' && !admission.probe) expect(admission.admitted).toBe(false);
          if (admission.admitted) {
            inFlight.push({ probe: admission.probe, probeId: admission.probeId, startedAt: clock.now() });
          }
        };

        for (const op of ops) {
          if (op.kind === 'admit') await admit();
          else if (op.kind === 'admit-many') {
            // Concurrent turns racing for the half-open slot.
            const before = liveProbes();
            const admissions = await Promise.all(Array.from({ length: op.count }, () => breaker.admit()));
            const probes = admissions.filter((a) => a.probe);
            expect(probes.length).toBeLessThanOrEqual(before === 0 ? 1 : 0);
            for (const a of admissions) {
              if (a.admitted) inFlight.push({ probe: a.probe, probeId: a.probeId, startedAt: clock.now() });
            }
          } else if (op.kind === 'record' && inFlight.length > 0) {
            const [call] = inFlight.splice(op.pick % inFlight.length, 1);
            if (!call) continue;
            const isLiveProbe = call.probe && (await breaker.state()) === 'half-open';
            const result = await breaker.record(op.ok, call.probeId);
            if (isLiveProbe) expect(result.state).toBe(op.ok ? 'closed' : 'open');
            if (result.state === 'open' && result.previous !== 'open') openedAt = clock.now();
          } else if (op.kind === 'record-unadmitted') {
            const result = await breaker.record(op.ok);
            if (result.state === 'open' && result.previous !== 'open') openedAt = clock.now();
            // Only a failure can open a closed breaker.
            if (result.previous === 'closed' && result.state === 'open') expect(op.ok).toBe(false);
          } else if (op.kind === 'release') {
            const probes = inFlight.filter((c) => c.probe);
            const call = probes[op.pick % Math.max(1, probes.length)];
            if (!call) continue;
            inFlight.splice(inFlight.indexOf(call), 1);
            await breaker.release(call.probeId);
          } else if (op.kind === 'tick') clock.advance(op.ms);

          // An open breaker stays open for the whole cooldown, then reads half-open.
          const state = await breaker.state();
          if (openedAt !== undefined && state !== 'closed') {
            const elapsed = clock.now() - openedAt;
            if (elapsed < policy.cooldownMs) expect(state).toBe('open');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('opens after exactly `consecutiveFailures` failures in a row from closed (rate trigger off)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        async (n, outcomes) => {
          const clock = manualClock();
          const policy = resolveBreaker({ consecutiveFailures: n, minimumCalls: 1_000, cooldownMs: 1_000 });
          const breaker = new CircuitBreaker('model', policy, memoryBreakerStore(), clock);
          let streak = 0;
          for (const ok of outcomes) {
            const { state } = await breaker.record(ok);
            streak = ok ? 0 : streak + 1;
            expect(state).toBe(streak >= n ? 'open' : 'closed');
            if (state === 'open') return;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
