import type { ChainConfig, ModelConfig, SimulatorFailure, SimulatorOptions } from '@cascadekit/server';
import { createCascadeHandler, simulator } from '@cascadekit/server';
import { pacedClock } from './paced-clock';

/** A failure a simulated model injects, as a Storybook control. */
export type FailureKnob = 'none' | 'http-503' | 'network' | 'cut' | 'stall' | 'in-band-error';

/** What happens between the browser and the (in-page) server, as a Storybook control. */
export type NetworkKnob = 'ok' | 'cut-mid-stream' | 'http-500' | 'offline';

/** Simulator knobs of a story: every one is a control in Storybook's UI. */
export interface SimulatorKnobs {
  draftTtftMs: number;
  finalTtftMs: number;
  draftTokensPerSecond: number;
  finalTokensPerSecond: number;
  draftFailure: FailureKnob;
  finalFailure: FailureKnob;
  /** `fail`: the final model must answer JSON, and prose fails that validator. */
  finalValidation: 'pass' | 'fail';
  /** A second, healthy final model the lane falls back to. */
  finalFallback: boolean;
  /** The final model's circuit breaker is already open when the story starts. */
  breakerOpen: boolean;
  /** Sentences of each generated answer; a custom `finalText` replaces the final one. */
  sentences: number;
  finalText?: string;
  network: NetworkKnob;
  /** The models have prices, so turns report their cost and the saving against the large model alone. */
  priced?: boolean;
}

export const DEFAULT_KNOBS: SimulatorKnobs = {
  draftTtftMs: 60,
  finalTtftMs: 700,
  draftTokensPerSecond: 80,
  finalTokensPerSecond: 120,
  draftFailure: 'none',
  finalFailure: 'none',
  finalValidation: 'pass',
  finalFallback: false,
  breakerOpen: false,
  sentences: 2,
  network: 'ok',
};

function failure(knob: FailureKnob): SimulatorFailure | undefined {
  switch (knob) {
    case 'none':
      return undefined;
    case 'http-503':
      return { kind: 'http', status: 503 };
    case 'network':
      return { kind: 'network', afterTokens: 3 };
    case 'cut':
      return { kind: 'cut', afterTokens: 3 };
    case 'stall':
      return { kind: 'stall', afterTokens: 3 };
    case 'in-band-error':
      return { kind: 'in-band-error', afterTokens: 3 };
  }
}

function model(name: string, options: SimulatorOptions, extra: Partial<ModelConfig> = {}): ModelConfig {
  return {
    // Token rates as asked, even above the ~250 a second one browser timer per token allows.
    provider: simulator({ model: name, clock: pacedClock(), ...options }),
    model: name,
    // Stories show one attempt per model; a stall gives up after a short idle gap.
    retry: false,
    timeouts: { headersMs: 3000, firstTokenMs: 10_000, idleMs: 800 },
    ...extra,
  };
}

/** The chain a story's knobs describe. */
export function storyChain(knobs: SimulatorKnobs): ChainConfig {
  const draftFailure = failure(knobs.draftFailure);
  const finalFailure = failure(knobs.finalFailure);
  const draft = model(
    'sim-fast',
    {
      seed: 1,
      ttftMs: knobs.draftTtftMs,
      tokensPerSecond: knobs.draftTokensPerSecond,
      sentences: knobs.sentences,
      ...(draftFailure ? { failure: draftFailure } : {}),
    },
    knobs.priced ? { price: { inputPerMTok: 0.15, outputPerMTok: 0.6 } } : {},
  );
  const final = model(
    'sim-large',
    {
      seed: 2,
      ttftMs: knobs.finalTtftMs,
      tokensPerSecond: knobs.finalTokensPerSecond,
      sentences: knobs.sentences + 1,
      ...(knobs.finalText ? { text: knobs.finalText } : {}),
      ...(finalFailure ? { failure: finalFailure } : {}),
      // With an open breaker the model is healthy again, but the breaker keeps it out.
      ...(knobs.breakerOpen ? { failure: { kind: 'http', status: 503 }, failCalls: 1 } : {}),
    },
    {
      ...(knobs.finalValidation === 'fail' ? { validators: [{ type: 'json' } as const] } : {}),
      ...(knobs.breakerOpen ? { breaker: { consecutiveFailures: 1, cooldownMs: 600_000 } } : {}),
      ...(knobs.priced ? { price: { inputPerMTok: 2.5, outputPerMTok: 10 } } : {}),
    },
  );
  const fallback = model('sim-large-b', {
    seed: 3,
    ttftMs: knobs.finalTtftMs,
    tokensPerSecond: knobs.finalTokensPerSecond,
    sentences: knobs.sentences + 1,
  });
  return { draft: [draft], final: knobs.finalFallback ? [final, fallback] : [final] };
}

function cutAfterFirstFinalDelta(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      controller.enqueue(value);
      if (decoder.decode(value, { stream: true }).includes('"lane":"final","text"')) {
        // The connection drops: no `done` ever arrives.
        await reader.cancel();
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * A `fetch` that runs the real cascade handler in the page, with simulated models: the whole
 * stack (handler → SSE → client → store → React) with no server. A fresh handler per call, so
 * every story starts with closed breakers unless it asks otherwise.
 */
export function simulatedFetch(knobs: SimulatorKnobs): typeof fetch {
  const handler = createCascadeHandler({
    chains: { default: storyChain(knobs) },
    logger: { warn: () => {}, error: () => {} },
  });
  // An open breaker: one failing turn before the story's first request trips it.
  const ready = knobs.breakerOpen
    ? handler(
        new Request(new URL('/api/cascade', location.origin), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content: 'warm-up' }] }),
        }),
      ).then((response) => response.text())
    : Promise.resolve('');

  return async (input, init) => {
    await ready;
    if (knobs.network === 'offline') throw new TypeError('Failed to fetch');
    if (knobs.network === 'http-500') {
      return new Response(JSON.stringify({ error: { code: 'internal', message: 'The server failed.' } }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    }
    const url = new URL(input instanceof Request ? input.url : String(input), location.origin);
    const response = await handler(new Request(url, init));
    if (knobs.network !== 'cut-mid-stream' || !response.body) return response;
    return new Response(cutAfterFirstFinalDelta(response.body), { status: response.status, headers: response.headers });
  };
}
