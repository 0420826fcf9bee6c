/**
 * Load test (issue 5, item 2b): 200 concurrent cascades over loopback sockets for LOAD_SECONDS
 * (default 5 here; `pnpm bench` runs the full 30 s), 10 % of upstream attempts failing in random
 * ways (HTTP status, reset before headers, cut mid-stream, stall, bad output, missing terminator,
 * in-band error). With a healthy fallback model no user may see a failure. Afterwards the
 * process's open sockets, timers and heap must return to their baseline (tolerances below).
 * Runs in the vitest project `load`, after `unit`, so its CPU use cannot disturb other tests.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { answerText, createCascadeClient, immediateScheduler } from '@cascadekit/core';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from './config/types';
import { createCascadeHandler } from './handler';
import { serveNode } from './node';
import { DEFAULT_TOKENS, type FakeUpstream, startOpenAIUpstream, type UpstreamScript } from './testing';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 200);
const FAILURE_RATE = 0.1;
const SEED = Number(process.env.LOAD_SEED ?? 20261129);
/** Heap after the run may exceed the baseline by this much (GC'd both times). */
const HEAP_TOLERANCE_MB = 16;
/** Sockets and timers may exceed the baseline by this many (late close callbacks). */
const HANDLE_TOLERANCE = 2;

/** mulberry32: a seeded PRNG, so a failing run can be replayed with LOAD_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: { kind: string; script: UpstreamScript }[] = [
  { kind: 'status-500', script: { status: 500 } },
  { kind: 'status-503', script: { status: 503 } },
  { kind: 'status-429', script: { status: 429, retryAfter: '0' } },
  { kind: 'reset', script: { resetBeforeHeaders: true } },
  { kind: 'cut', script: { cutAfterTokens: 2 } },
  { kind: 'stall', script: { stallAfterTokens: 1 } },
  { kind: 'bad-output', script: { tokens: ['<html>', 'oops'] } },
  { kind: 'no-terminator', script: { noTerminator: true } },
  { kind: 'in-band-error', script: { errorEventAfterTokens: 1 } },
];

function resources() {
  const info = process.getActiveResourcesInfo();
  const count = (name: string) => info.filter((r) => r === name).length;
  return { sockets: count('TCPSocketWrap'), servers: count('TCPServerWrap'), timers: count('Timeout') };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settledHeapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Polls until `done()` holds or `ms` passed (sockets close asynchronously). */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe(`load: ${CONCURRENCY} concurrent cascades for ${SECONDS} s, ${FAILURE_RATE * 100} % upstream faults`, () => {
  it('no user sees a failure, and sockets, timers and heap return to their baseline', {
    timeout: (SECONDS + 60) * 1000,
  }, async () => {
    const random = seeded(SEED);
    const before = resources();
    const heapBefore = await settledHeapMb();

    const flakyDraft = await startOpenAIUpstream({ tokenDelayMs: 2 });
    const flakyFinal = await startOpenAIUpstream({ tokenDelayMs: 2 });
    const healthy = await startOpenAIUpstream({ tokenDelayMs: 2 });
    const faults = new Map<string, number>();
    // Each turn makes exactly one request to each flaky upstream (no retries there), so queueing
    // one script per turn gives every attempt its own 10 % chance of a random fault.
    const pick = (up: FakeUpstream) => {
      if (random() >= FAILURE_RATE) return up.enqueue({ tokenDelayMs: 2 });
      const fault = FAULTS[Math.floor(random() * FAULTS.length)] ?? FAULTS[0];
      if (!fault) return;
      faults.set(fault.kind, (faults.get(fault.kind) ?? 0) + 1);
      up.enqueue(fault.script);
    };
    const flaky = (name: string, up: FakeUpstream): ModelConfig => ({
      provider: 'openai',
      model: name,
      baseUrl: up.url,
      retry: false,
      timeouts: { headersMs: 2_000, firstTokenMs: 2_000, idleMs: 300 },
      validators: [{ type: 'pattern', pattern: '^Hello' }],
    });
    const handler = createCascadeHandler({
      chains: {
        default: {
          draft: [flaky('draft', flakyDraft)],
          final: [
            flaky('primary', flakyFinal),
            { provider: 'openai', model: 'fallback', baseUrl: healthy.url, retry: false, breaker: false },
          ],
        },
      },
      logger: { warn: () => {}, error: () => {} },
    });
    const server = await serveNode(handler);

    const outcomes = new Map<string, number>();
    let turns = 0;
    const failures: string[] = [];
    try {
      const end = Date.now() + SECONDS * 1000;
      const worker = async (id: number) => {
        while (Date.now() < end) {
          pick(flakyDraft);
          pick(flakyFinal);
          const client = createCascadeClient({
            endpoint: `${server.url}/api/cascade`,
            fetch: globalThis.fetch,
            schedule: immediateScheduler,
          });
          const message = await client.send(`Question ${id}.${turns++}`);
          const { status } = message.answer;
          outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
          if (status !== 'final' || answerText(message.answer) !== DEFAULT_TOKENS.join('')) {
            failures.push(`${status}: ${JSON.stringify(message.answer.final.failure ?? message.answer.error)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
    } finally {
      await server.close();
      await Promise.all([flakyDraft.close(), flakyFinal.close(), healthy.close()]);
      // The fake upstreams record every request; that is the test's memory, not the server's.
      for (const up of [flakyDraft, flakyFinal, healthy]) up.requests.length = 0;
    }

    // What the run did, for the log (the figures vary; the assertions below do not depend on them).
    console.info(
      `load: ${turns} turns in ${SECONDS} s at ${CONCURRENCY} concurrent; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; faults injected ${JSON.stringify(Object.fromEntries(faults))}; seed ${SEED}`,
    );
    expect(turns).toBeGreaterThan(CONCURRENCY);
    expect([...faults.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(failures.slice(0, 5)).toEqual([]);

    await until(() => {
      const now = resources();
      return now.sockets <= before.sockets && now.timers <= before.timers && now.servers <= before.servers;
    }, 5_000);
    const after = resources();
    const heapAfter = await settledHeapMb();
    console.info(
      `load: resources before ${JSON.stringify(before)} after ${JSON.stringify(after)}; heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`,
    );
    expect(after.servers).toBeLessThanOrEqual(before.servers);
    expect(after.sockets).toBeLessThanOrEqual(before.sockets + HANDLE_TOLERANCE);
    expect(after.timers).toBeLessThanOrEqual(before.timers + HANDLE_TOLERANCE);
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_TOLERANCE_MB);
  });
});
