import type { ChatMessage } from '@cascadekit/core';
import { type Clock, systemClock } from './clock.js';
import { type Provider, type ProviderChunk, ProviderError, type ProviderRequest } from './providers/types.js';
import { hashString, seededRandom } from './random.js';
import { simulatedAnswer } from './simulator-answers.js';
import { estimateMessageTokens } from './tokens.js';

export { type AnswerShape, answerShape, simulatedAnswer } from './simulator-answers.js';

/**
 * A failure the simulator injects. `afterTokens` counts text chunks already sent;
 * where it is optional, leaving it out means "before the response headers".
 */
export type SimulatorFailure =
  /** Answers with an HTTP error status (before any text). */
  | { kind: 'http'; status: number; retryAfterMs?: number }
  /** The connection resets (before headers, or after `afterTokens` chunks). */
  | { kind: 'network'; afterTokens?: number }
  /** The stream ends after `afterTokens` chunks without its terminator. */
  | { kind: 'cut'; afterTokens: number }
  /** The stream stops sending (before headers, or after `afterTokens` chunks) until aborted. */
  | { kind: 'stall'; afterTokens?: number }
  /** A 200 stream carries an in-band error event after `afterTokens` chunks. */
  | { kind: 'in-band-error'; afterTokens: number }
  /** The stream completes normally, with `text` (default `{"broken": `) instead of the answer. */
  | { kind: 'invalid'; text?: string };

/** Options of {@link simulator}. Every field is JSON-safe except `text` as a function and `clock`. */
export interface SimulatorOptions {
  /** Model id reported in events. Default `simulator`. */
  model?: string;
  /** Seed of every random choice. Same seed and same request: same text, same timing. Default 1. */
  seed?: number;
  /** The answer. Default: a generated answer that quotes the user's question. */
  text?: string | ((request: ProviderRequest) => string);
  /** Sentences of the generated answer. Default 3. */
  sentences?: number;
  /** Time to response headers, ms. Default 20. */
  headersMs?: number;
  /** Time from headers to the first token, ms. Default 250. */
  ttftMs?: number;
  /** Streaming speed. Default 40 tokens (word pieces) per second. */
  tokensPerSecond?: number;
  /** 0..1: how much each token's delay varies, drawn from the seed. Default 0.3. */
  jitter?: number;
  /** Log-probability reported for each token, for the confidence trigger. Default: none reported. */
  logprob?: number;
  /** Failure to inject. Default none. */
  failure?: SimulatorFailure;
  /** The failure applies to the first `failCalls` calls of this instance only. Default: every call. */
  failCalls?: number;
  /** Clock for delays. Default {@link systemClock}. */
  clock?: Clock;
}

function lastUserMessage(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ChatMessage;
    if (message.role === 'user') return message.content;
  }
  return '';
}

/** Splits text into word pieces (a word with its leading whitespace); joins back losslessly. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/gu) ?? [];
}

/**
 * A deterministic model that streams like a real one: the demo's default without API keys,
 * the engine behind Storybook's knobs and the workhorse of tests. Browser-safe.
 *
 * @example
 * ```ts
 * const fast = simulator({ model: 'sim-fast', seed: 7, ttftMs: 100, tokensPerSecond: 60 });
 * const flaky = simulator({ model: 'sim-flaky', failure: { kind: 'http', status: 503 }, failCalls: 1 });
 * for await (const chunks of fast.stream({ model: 'sim-fast', messages, signal })) console.log(chunks);
 * ```
 */
export function simulator(options: SimulatorOptions = {}): Provider {
  const model = options.model ?? 'simulator';
  const seed = options.seed ?? 1;
  const clock = options.clock ?? systemClock;
  let calls = 0;

  async function* stream(request: ProviderRequest): AsyncGenerator<ProviderChunk[], void, undefined> {
    const call = calls++;
    const failure =
      options.failure && (options.failCalls === undefined || call < options.failCalls) ? options.failure : undefined;
    const { signal } = request;
    const question = lastUserMessage(request.messages);
    const random = seededRandom(seed ^ hashString(`${model}\n${question}`));
    const wait = async (ms: number) => {
      try {
        await clock.sleep(ms, signal);
      } catch (cause) {
        throw new ProviderError('aborted', 'The simulated request was aborted.', { cause, afterFirstToken: sent > 0 });
      }
    };
    const stallForever = async () => {
      await wait(2 ** 31 - 1);
    };
    let sent = 0;

    await wait(options.headersMs ?? 20);
    if (failure?.kind === 'network' && failure.afterTokens === undefined) {
      throw new ProviderError('network', 'Simulated connection reset before the response.');
    }
    if (failure?.kind === 'stall' && failure.afterTokens === undefined) await stallForever();
    if (failure?.kind === 'http') {
      throw new ProviderError('http-status', `Simulated HTTP ${failure.status}.`, {
        status: failure.status,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      });
    }
    yield [{ type: 'headers', status: 200 }];

    let text: string;
    if (failure?.kind === 'invalid') text = failure.text ?? '{"broken": ';
    else if (typeof options.text === 'function') text = options.text(request);
    else text = options.text ?? simulatedAnswer(question, seed, options.sentences);
    if (request.continueFrom)
      text = text.startsWith(request.continueFrom) ? text.slice(request.continueFrom.length) : text;
    const tokens = splitTokens(text);
    const perToken = 1000 / Math.max(0.001, options.tokensPerSecond ?? 40);
    const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.3));
    const breakAt = failure && 'afterTokens' in failure ? (failure.afterTokens ?? 0) : Number.POSITIVE_INFINITY;

    await wait(options.ttftMs ?? 250);
    for (let i = 0; i < tokens.length; i++) {
      if (i >= breakAt) break;
      if (i > 0) await wait(perToken * (1 - jitter + 2 * jitter * random()));
      const chunk: ProviderChunk = { type: 'text', text: tokens[i] as string, tokens: 1 };
      if (options.logprob !== undefined) chunk.logprob = options.logprob;
      yield [chunk];
      sent++;
    }
    if (failure && 'afterTokens' in failure) {
      const afterFirstToken = sent > 0;
      switch (failure.kind) {
        case 'network':
          throw new ProviderError('network', 'Simulated connection reset mid-stream.', { afterFirstToken });
        case 'cut':
          return; // no usage, no terminator: the runner must call this incomplete
        case 'stall':
          await stallForever();
          return;
        case 'in-band-error':
          throw new ProviderError('upstream-error', 'Simulated in-band error event.', { afterFirstToken });
      }
    }
    // What a real upstream sends together at the end: the usage and the terminator.
    yield [
      { type: 'usage', inputTokens: estimateMessageTokens(request.messages), outputTokens: tokens.length },
      { type: 'end', finishReason: 'stop' },
    ];
  }

  return { kind: 'simulator', model, stream };
}
