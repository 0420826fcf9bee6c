/**
 * Fault matrix (issue 5, item 2a): every trigger of the fallback chain, against fault-injecting
 * OpenAI-compatible upstreams on loopback sockets, with the core client (`createCascadeClient`)
 * as the user. Each trigger runs once with a healthy fallback model (the user gets the complete
 * answer, never mixed with the failed model's text) and once without (a clear error; the
 * conversation stays consistent and the next turn works). It runs for one host (see
 * `src/fault-matrix/`) over every upstream path of the equivalence matrix.
 */
import {
  type AssistantMessage,
  answerText,
  type CascadeEvent,
  createCascadeClient,
  type FailureReason,
  immediateScheduler,
} from '@cascadekit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CascadeConfig, ChainConfig, ModelConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { DEFAULT_TOKENS, type FakeUpstream, startOpenAIUpstream, type UpstreamScript } from '../testing/index.js';
import { type Host, type InstancesHost, UPSTREAM_PATHS, type UpstreamPath } from './matrix.js';

const HEALTHY_TEXT = DEFAULT_TOKENS.join('');
// Short deadlines keep real-socket waits brief; the faults wait far longer than these. A silent
// model is left at once (no retry), so a healthy one on a busy machine needs room to answer.
const TIMEOUTS = { headersMs: 600, firstTokenMs: 600, idleMs: 150 };
const FAST_RETRY = { attempts: 2, baseDelayMs: 5, maxDelayMs: 5 };
const SLOW = 5_000;

interface Trigger {
  name: string;
  reason: FailureReason;
  /** What the broken upstream does on every request. */
  script: UpstreamScript;
  /** Extra settings of the broken model (validators, confidence …). */
  model?: Partial<ModelConfig>;
  /** What the model answers once it recovers. Default: the upstream's default tokens. */
  recovered?: string[];
  /** Alone, the model leaves every model of the chain rate limited: the route answers 429, not a stream. */
  rateLimited?: true;
}

const TRIGGERS: Trigger[] = [
  { name: 'no response headers in time', reason: 'timeout-headers', script: { headersDelayMs: SLOW } },
  { name: 'no first token in time', reason: 'timeout-first-token', script: { firstTokenDelayMs: SLOW, keepAlives: 1 } },
  { name: 'idle gap between chunks after the first token', reason: 'timeout-idle', script: { stallAfterTokens: 2 } },
  {
    name: 'HTTP 429 with Retry-After (retried, then fallen back from)',
    reason: 'http-status',
    script: { status: 429, retryAfter: '0' },
    rateLimited: true,
  },
  { name: 'HTTP 500 (retryable)', reason: 'http-status', script: { status: 500 } },
  { name: 'HTTP 503 (retryable)', reason: 'http-status', script: { status: 503 } },
  { name: 'HTTP 400 (not retried)', reason: 'http-status', script: { status: 400 } },
  { name: 'HTTP 401 (not retried)', reason: 'http-status', script: { status: 401 } },
  { name: 'HTTP 403 (not retried)', reason: 'http-status', script: { status: 403 } },
  { name: 'HTTP 404 (not retried)', reason: 'http-status', script: { status: 404 } },
  { name: 'connection reset before the headers', reason: 'network', script: { resetBeforeHeaders: true } },
  { name: 'connection reset after the first tokens', reason: 'network', script: { cutAfterTokens: 2 } },
  {
    name: '200 stream that ends cleanly with neither finish reason nor terminator',
    reason: 'incomplete',
    script: { truncateAfterTokens: 2 },
  },
  {
    name: 'an event that is not JSON inside a 200 stream',
    reason: 'upstream-error',
    script: { malformedEventAfterTokens: 2 },
  },
  { name: 'in-band error event inside a 200 stream', reason: 'upstream-error', script: { errorEventAfterTokens: 2 } },
  {
    name: 'output that fails validation (JSON)',
    reason: 'validation',
    script: { tokens: ['not ', 'json'] },
    model: { validators: [{ type: 'json' }] },
    recovered: ['{"answer": ', '"wörld"}'],
  },
  {
    name: 'low confidence from token logprobs',
    reason: 'low-confidence',
    script: { tokens: ['maybe ', 'this'], logprobs: [-3, -3] },
    model: { confidence: { threshold: 0.9 } },
  },
];

const cleanups: (() => Promise<void>)[] = [];

async function upstream(script: UpstreamScript = {}): Promise<FakeUpstream> {
  const up = await startOpenAIUpstream(script);
  cleanups.push(() => up.close());
  return up;
}

let path: UpstreamPath;
let host: Host | InstancesHost;

const model = (name: string, up: FakeUpstream, extra: Partial<ModelConfig> = {}): ModelConfig => ({
  provider: openaiCompatible({ model: name, baseUrl: up.url, ...path.options() }),
  model: name,
  timeouts: TIMEOUTS,
  retry: FAST_RETRY,
  ...extra,
});

/** The handler on the host under test, and a client that records every event. */
async function serve(chain: ChainConfig) {
  const make = (extra: Partial<CascadeConfig> = {}) =>
    createCascadeHandler({ chains: { default: chain }, logger: { warn: () => {}, error: () => {} }, ...extra });
  const hosted = 'startInstances' in host ? await host.startInstances(make) : await host.start(make());
  cleanups.push(() => hosted.close());
  const events: CascadeEvent[] = [];
  const client = createCascadeClient({
    endpoint: `${hosted.url}/api/cascade`,
    fetch: hosted.fetch,
    schedule: immediateScheduler,
    onEvent: (event) => events.push(event),
  });
  return { client, events };
}

const failedReasons = (events: CascadeEvent[]) =>
  events.flatMap((e) => (e.type === 'attempt-failed' ? [e.reason] : []));

/** The conversation after a turn: the user's message kept, nothing running, one answer. */
function expectConsistent(client: ReturnType<typeof createCascadeClient>, question: string) {
  const state = client.store.getState();
  expect(state.activeId).toBeNull();
  const [userId, assistantId] = state.ids;
  expect(state.ids).toHaveLength(2);
  expect(state.byId[userId ?? '']).toMatchObject({ role: 'user', content: question });
  return state.byId[assistantId ?? ''] as AssistantMessage;
}

/** The fault matrix on `on`, once per upstream path (of `paths`, default all). */
export function faultMatrix(on: Host | InstancesHost, paths: readonly UpstreamPath[] = UPSTREAM_PATHS): void {
  describe.each(paths)(`fault matrix: $name × ${on.name}`, (upstreamPath) => {
    beforeEach(() => {
      path = upstreamPath;
      host = on;
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    triggers();
  });
}

function triggers(): void {
  describe.each(TRIGGERS)('$name', (trigger) => {
    it('with a healthy fallback model: the user gets its complete answer, unmixed', async () => {
      const broken = await upstream(trigger.script);
      const healthy = await upstream();
      const { client, events } = await serve({
        final: [model('broken', broken, trigger.model), model('healthy', healthy)],
      });

      const answer = await client.send('What is a circuit breaker?');

      expect(failedReasons(events)).toContain(trigger.reason);
      expect(answer.answer.status).toBe('final');
      expect(answerText(answer.answer)).toBe(HEALTHY_TEXT);
      expect(answer.answer.final.model).toBe('healthy');
      expect(expectConsistent(client, 'What is a circuit breaker?').id).toBe(answer.id);
    });

    it('without a fallback: a clear error, the conversation stays consistent, and the retry works', async () => {
      const broken = await upstream(trigger.script);
      const { client, events } = await serve({ final: [model('broken', broken, trigger.model)] });

      const failed = await client.send('What is a circuit breaker?');

      expect(failed.answer.status).toBe('error');
      if (trigger.rateLimited) {
        // Every model rate limited: a 429 (with Retry-After) instead of a stream of failures.
        expect(events).toEqual([]);
        expect(failed.answer.error).toMatchObject({
          code: 'http',
          message: expect.stringMatching(/429.*rate limited/),
        });
      } else {
        expect(failedReasons(events)).toContain(trigger.reason);
        expect(events.some((e) => e.type === 'lane-failed' && e.lane === 'final')).toBe(true);
        // The reason a program can branch on, and a message for people without internals
        // (upstream addresses, stack traces stay in server logs).
        expect(failed.answer.final.failure?.reason).toBe(trigger.reason);
        expect(failed.answer.final.failure?.message).toMatch(/\w{3}/);
        expect(failed.answer.final.failure?.message).not.toMatch(/127\.0\.0\.1|localhost|at .+\(|Error:/);
      }
      expect(expectConsistent(client, 'What is a circuit breaker?').id).toBe(failed.id);

      broken.script = trigger.recovered ? { tokens: trigger.recovered } : {}; // the model recovers
      const retried = await client.retry(failed.id);
      expect(retried.answer.status).toBe('final');
      expect(answerText(retried.answer)).toBe(trigger.recovered?.join('') ?? HEALTHY_TEXT);
      expect(expectConsistent(client, 'What is a circuit breaker?').id).toBe(failed.id);
    });
  });

  describe('lane deadline', () => {
    const slowScript: UpstreamScript = { tokens: Array.from({ length: 40 }, (_, i) => `t${i} `), tokenDelayMs: 50 };
    // Slow but steady: a gap between its tokens stretched by a busy machine is not what is tested.
    const steady = { timeouts: { ...TIMEOUTS, idleMs: 2_000 } };

    it('with a healthy draft lane: the final lane gives up at its deadline and the complete draft stands', async () => {
      const slow = await upstream(slowScript);
      const healthy = await upstream();
      const { client, events } = await serve({
        draft: [model('healthy', healthy)],
        final: [model('slow', slow, steady)],
        deadlineMs: 400,
      });

      const answer = await client.send('Explain backoff.');

      expect(events).toContainEqual(
        expect.objectContaining({ type: 'lane-failed', lane: 'final', reason: 'timeout-total' }),
      );
      expect(answer.answer.status).toBe('draft-only');
      expect(answerText(answer.answer)).toBe(HEALTHY_TEXT);
      expectConsistent(client, 'Explain backoff.');
    });

    it('without a fallback: a clear error and a consistent conversation', async () => {
      const slow = await upstream(slowScript);
      const { client, events } = await serve({ final: [model('slow', slow, steady)], deadlineMs: 400 });

      const answer = await client.send('Explain backoff.');

      expect(events).toContainEqual(
        expect.objectContaining({ type: 'lane-failed', lane: 'final', reason: 'timeout-total' }),
      );
      expect(answer.answer.status).toBe('error');
      expect(answer.answer.final.failure).toMatchObject({
        reason: 'timeout-total',
        message: expect.stringMatching(/\w{3}/),
      });
      expectConsistent(client, 'Explain backoff.');
    });
  });
}
