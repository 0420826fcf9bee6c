/**
 * OpenTelemetry spans of turns, through the SDK's in-memory exporter: their tree, their GenAI
 * and cascade attributes on both routes, and that every span ends however its turn ends.
 */

import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ask, events, memoryLogger, ofType, post, sim } from '../__fixtures__/harness.js';
import { within } from '../__fixtures__/matrix.js';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import type { ChainConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { serveNode } from '../node/index.js';
import type { Provider } from '../providers/types.js';
import { simulator } from '../simulator.js';
import type { Telemetry } from '../telemetry/types.js';
import { otelTelemetry } from './index.js';

/** A tracer whose spans land in memory, and the spans started but not ended yet. */
function tracing() {
  const exporter = new InMemorySpanExporter();
  const open = new Set<unknown>();
  const tracker: SpanProcessor = {
    onStart: (span) => open.add(span),
    onEnd: (span) => open.delete(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), tracker] });
  return { tracer: provider.getTracer('test'), spans: () => exporter.getFinishedSpans(), open };
}

const logger = memoryLogger();
const handlerWith = (chain: ChainConfig, telemetry: Telemetry | Telemetry[]) =>
  createCascadeHandler({ chains: { c: chain }, logger, telemetry });

const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const nanos = ([s, ns]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(ns);

/** Waits (bounded) until the turn's spans have ended: the turn ends after its last event is read. */
async function settledSpans(t: ReturnType<typeof tracing>, turns = 1): Promise<ReadableSpan[]> {
  await within(
    (async () => {
      while (t.open.size > 0 || named(t.spans(), 'chat c').length < turns) await new Promise((r) => setTimeout(r, 2));
    })(),
    2_000,
    'every span ended',
  );
  return t.spans();
}

describe('otelTelemetry on the cascade route', () => {
  it('one turn span, a span per lane under it, a span per attempt under its lane, with GenAI attributes', async () => {
    const t = tracing();
    const handler = handlerWith(
      {
        draft: [{ ...sim('fast'), price: { inputPerMTok: 1, outputPerMTok: 2 } }],
        final: [{ ...sim('large', { ttftMs: 20 }), price: { inputPerMTok: 3, outputPerMTok: 6 } }],
      },
      otelTelemetry({ tracer: t.tracer }),
    );
    const all = await events(await handler(post(ask())));
    const spans = await settledSpans(t);
    expect(spans.map((s) => s.name).sort()).toEqual(
      ['chat c', 'cascade.lane draft', 'cascade.lane final', 'chat fast', 'chat large'].sort(),
    );
    const [turn] = named(spans, 'chat c') as [ReadableSpan];
    const [draftLane] = named(spans, 'cascade.lane draft') as [ReadableSpan];
    const [finalLane] = named(spans, 'cascade.lane final') as [ReadableSpan];
    const [draft] = named(spans, 'chat fast') as [ReadableSpan];
    const [final] = named(spans, 'chat large') as [ReadableSpan];
    expect(parentOf(turn)).toBeUndefined();
    expect([parentOf(draftLane), parentOf(finalLane)]).toEqual([idOf(turn), idOf(turn)]);
    expect([parentOf(draft), parentOf(final)]).toEqual([idOf(draftLane), idOf(finalLane)]);

    const settled = ofType(all, 'settled')[0];
    const finalReport = ofType(all, 'lane-done').find((e) => e.lane === 'final')?.report;
    const draftReport = ofType(all, 'lane-done').find((e) => e.lane === 'draft')?.report;
    expect(final.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'simulator',
      'gen_ai.request.model': 'large',
      'gen_ai.response.model': 'large',
      'gen_ai.usage.input_tokens': finalReport?.usage?.inputTokens,
      'gen_ai.usage.output_tokens': finalReport?.usage?.outputTokens,
      'cascade.lane': 'final',
      'cascade.attempt': 0,
      'cascade.outcome': 'ok',
      'cascade.cost_usd': finalReport?.costUsd,
    });
    expect(final.attributes['error.type']).toBeUndefined();
    expect(turn.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'c',
      'gen_ai.response.model': 'large',
      'cascade.route': '/api/cascade',
      'cascade.winner': 'final',
      'cascade.served_model': 'large',
      'cascade.usage.served.output_tokens': finalReport?.usage?.outputTokens,
      // The replaced draft's tokens were spent on an answer that did not stand.
      'cascade.usage.wasted.input_tokens': draftReport?.usage?.inputTokens,
      'cascade.usage.wasted.output_tokens': draftReport?.usage?.outputTokens,
      'cascade.cost_usd': settled?.summary.costUsd,
      'cascade.turn.end': 'completed',
    });
    expect(turn.status.code).toBe(SpanStatusCode.UNSET);
    // The turn's span covers its lanes and their attempts.
    for (const child of [draftLane, finalLane, draft, final]) {
      expect(nanos(child.startTime)).toBeGreaterThanOrEqual(nanos(turn.startTime));
      expect(nanos(child.endTime)).toBeLessThanOrEqual(nanos(turn.endTime));
    }
  });

  it('a breaker-skipped model gets a moment-long attempt span saying breaker-open, and the fallback serves', async () => {
    const t = tracing();
    const handler = handlerWith(
      {
        final: [
          { ...sim('flaky', { failure: { kind: 'http', status: 500 } }), breaker: { consecutiveFailures: 1 } },
          sim('backup'),
        ],
      },
      otelTelemetry({ tracer: t.tracer }),
    );
    await events(await handler(post(ask())));
    await events(await handler(post(ask())));
    const spans = await settledSpans(t, 2);
    const flaky = named(spans, 'chat flaky');
    expect(flaky.map((s) => s.attributes['cascade.failure.reason'])).toEqual(['http-status', 'breaker-open']);
    expect(flaky.map((s) => s.attributes['cascade.outcome'])).toEqual(['failed', 'skipped']);
    expect(flaky[1]?.attributes).toMatchObject({ 'error.type': 'breaker-open', 'cascade.next': 'fallback' });
    const turns = named(spans, 'chat c');
    expect(turns[1]?.events.map((e) => [e.name, e.attributes?.['cascade.breaker.state']])).toContainEqual([
      'cascade.breaker',
      'open',
    ]);
    expect(turns.map((s) => s.attributes['gen_ai.response.model'])).toEqual(['backup', 'backup']);
  });
});

describe('otelTelemetry on the OpenAI-compatible gateway', () => {
  it('one logical span over the failover: the failed attempt is an error span, the fallback serves', async () => {
    const t = tracing();
    const handler = handlerWith(
      { final: [sim('primary', { failure: { kind: 'http', status: 500 } }), sim('backup')] },
      otelTelemetry({ tracer: t.tracer }),
    );
    const response = await handler(post({ model: 'c', ...ask() }, '/v1/chat/completions'));
    const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    expect(response.status).toBe(200);
    const spans = await settledSpans(t);
    const [turn] = named(spans, 'chat c') as [ReadableSpan];
    const [primary] = named(spans, 'chat primary') as [ReadableSpan];
    const [backup] = named(spans, 'chat backup') as [ReadableSpan];
    expect(named(spans, 'cascade.lane draft')).toEqual([]);
    expect(turn.attributes).toMatchObject({
      'cascade.route': '/v1/chat/completions',
      'gen_ai.response.model': 'backup',
      'gen_ai.usage.input_tokens': body.usage.prompt_tokens,
      'gen_ai.usage.output_tokens': body.usage.completion_tokens,
      'cascade.attempts': 2,
    });
    expect(primary.attributes).toMatchObject({
      'error.type': 'http-status',
      'http.response.status_code': 500,
      'cascade.next': 'fallback',
      'cascade.attempt': 0,
    });
    expect(primary.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'http-status' });
    expect(backup.attributes).toMatchObject({ 'cascade.attempt': 1, 'cascade.outcome': 'ok' });
    expect(nanos(turn.endTime)).toBeGreaterThanOrEqual(nanos(backup.endTime));
  });
});

describe('no span outlives its turn', () => {
  it('a client that goes away mid-answer ends every span (the attempts as aborted, no error)', async () => {
    const t = tracing();
    const handler = handlerWith(
      { draft: [sim('fast', { tokensPerSecond: 50, sentences: 20 })], final: [sim('large', { tokensPerSecond: 20 })] },
      otelTelemetry({ tracer: t.tracer }),
    );
    const client = new AbortController();
    const response = await handler(post(ask(), '/api/cascade', { signal: client.signal }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('attempt-start');
    client.abort();
    await reader.cancel().catch(() => {});
    const spans = await settledSpans(t);
    expect(t.open.size).toBe(0);
    expect(spans).toHaveLength(5);
    const attempts = spans.filter((s) => s.name === 'chat fast' || s.name === 'chat large');
    expect(attempts.map((s) => s.attributes['cascade.failure.reason'])).toEqual(['aborted', 'aborted']);
    expect(attempts.map((s) => s.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
    expect(named(spans, 'chat c')[0]?.attributes['cascade.turn.end']).toBe('aborted');
  });

  it('a gateway stream whose client disconnects, over a real socket: every span ends, the upstream call as aborted', async () => {
    const rig = upstreamRig();
    try {
      const t = tracing();
      const slow = await rig.upstream('openai', {
        tokens: Array.from({ length: 100 }, (_, i) => `w${i} `),
        tokenDelayMs: 50,
      });
      const handler = handlerWith({ final: [rig.model('slow', slow)] }, otelTelemetry({ tracer: t.tracer }));
      const server = await serveNode(handler);
      try {
        const client = new AbortController();
        const response = await fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'c', stream: true, ...ask() }),
          signal: client.signal,
        });
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        expect(new TextDecoder().decode((await reader.read()).value)).toContain('chat.completion.chunk');
        client.abort();
        const spans = await settledSpans(t);
        expect(t.open.size).toBe(0);
        expect(named(spans, 'chat slow')[0]?.attributes).toMatchObject({
          'cascade.failure.reason': 'aborted',
          'gen_ai.provider.name': 'openai',
        });
        expect(named(spans, 'chat c')[0]?.attributes).toMatchObject({
          'cascade.route': '/v1/chat/completions',
          'cascade.turn.end': 'aborted',
        });
      } finally {
        await server.close();
      }
    } finally {
      await rig.close();
    }
  });

  it('a superseded lane (early accept) ends its spans as superseded, and the turn with it', async () => {
    const t = tracing();
    const handler = handlerWith(
      { draft: [sim('fast')], final: [sim('large', { ttftMs: 5_000 })] },
      otelTelemetry({ tracer: t.tracer }),
    );
    const all = await within(
      handler(post({ ...ask(), earlyAccept: true })).then(events),
      2_000,
      'the early-accepted turn',
    );
    expect(ofType(all, 'settled')[0]?.winner).toBe('draft');
    const spans = await settledSpans(t);
    expect(t.open.size).toBe(0);
    const [large] = named(spans, 'chat large') as [ReadableSpan];
    expect(large.attributes).toMatchObject({ 'cascade.failure.reason': 'superseded' });
    expect(large.attributes['error.type']).toBeUndefined();
    expect(named(spans, 'cascade.lane final')[0]?.attributes['cascade.failure.reason']).toBe('superseded');
    expect(named(spans, 'chat c')[0]?.attributes).toMatchObject({
      'cascade.winner': 'draft',
      'gen_ai.response.model': 'fast',
    });
  });
});

describe('a telemetry that throws', () => {
  it('is logged and gets no more events but its end; the turn and the other telemetry go on', async () => {
    const t = tracing();
    const log = memoryLogger();
    let calls = 0;
    let ended = 0;
    const broken: Telemetry = {
      turn: () => ({
        event() {
          calls++;
          throw new Error('exporter down');
        },
        end() {
          ended++;
        },
      }),
    };
    // One that fails to put its context around an attempt: the model is called all the same.
    const noContext: Telemetry = {
      turn: () => ({
        event() {},
        end() {},
        attempt() {
          throw new Error('no context');
        },
      }),
    };
    const handler = createCascadeHandler({
      chains: { c: { final: [sim('large')] } },
      logger: log,
      telemetry: [broken, noContext, otelTelemetry({ tracer: t.tracer })],
    });
    const all = await events(await handler(post(ask())));
    expect(ofType(all, 'settled')[0]?.winner).toBe('final');
    // No more events after it threw, but its end, to close what it opened.
    expect(calls).toBe(1);
    expect(ended).toBe(1);
    expect(log.lines.filter((l) => l.message.includes('telemetry threw'))).toHaveLength(2);
    const spans = await settledSpans(t);
    expect(named(spans, 'chat large')[0]?.attributes['cascade.outcome']).toBe('ok');
  });

  it('is refused at start when it is not one', () => {
    expect(() =>
      createCascadeHandler({ chains: { c: { final: [sim('m')] } }, telemetry: [{} as unknown as Telemetry] }),
    ).toThrow('config.telemetry must be a Telemetry (an object with a turn method) or a list of them');
  });
});

describe('the active context', () => {
  it("the turn's span is a child of the span active when the request came in; the upstream call runs under its attempt's span", async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const t = tracing();
      const active: (string | undefined)[] = [];
      const base = simulator({ model: 'large', headersMs: 0, ttftMs: 1, tokensPerSecond: 2000, jitter: 0 });
      // What an HTTP client's instrumentation would see as its parent when the provider calls out.
      const provider: Provider = {
        kind: base.kind,
        model: base.model,
        stream(request) {
          active.push((trace.getActiveSpan() as unknown as ReadableSpan | undefined)?.name);
          return base.stream(request);
        },
      };
      const handler = handlerWith(
        { final: [{ provider, model: 'large', retry: false, breaker: false }] },
        otelTelemetry({ tracer: t.tracer }),
      );
      const server = t.tracer.startSpan('POST /api/cascade');
      await context.with(trace.setSpan(context.active(), server), async () => events(await handler(post(ask()))));
      server.end();
      const spans = await settledSpans(t);
      expect(active).toEqual(['chat large']);
      const [outer] = named(spans, 'POST /api/cascade') as [ReadableSpan];
      expect(parentOf(named(spans, 'chat c')[0] as ReadableSpan)).toBe(idOf(outer));
    } finally {
      context.disable();
    }
  });
});
