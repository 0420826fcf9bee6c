import type { ChatMessage, FailureReason } from '@cascadekit/core';

/** What the chain runner asks of a provider for one attempt. */
export interface ProviderRequest {
  /** Provider-side model id, e.g. `gpt-4o-mini` or `llama3.2`. */
  model: string;
  messages: ChatMessage[];
  /** Aborted when the attempt times out, the lane moves on or the client goes away. */
  signal: AbortSignal;
  maxTokens?: number;
  temperature?: number;
  /** Ask for token log-probabilities (used for the confidence trigger) where supported. */
  logprobs?: boolean;
  /**
   * Text the answer must continue from (failover policy `continue`): sent as an
   * assistant prefix where the API supports it, else as a continuation instruction.
   */
  continueFrom?: string;
}

/** One piece of a provider's streamed answer, in provider-neutral form. */
export type ProviderChunk =
  /** Response headers arrived (ends the "time to headers" deadline). */
  | { type: 'headers'; status: number }
  /** Answer text; `logprob` is the sum of the tokens' log-probabilities when known. */
  | { type: 'text'; text: string; logprob?: number; tokens?: number }
  /** Token usage as reported by the upstream. */
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  /** The upstream's terminator (`[DONE]`, `message_stop` …). A stream without it is incomplete. */
  | { type: 'end'; finishReason?: string };

/**
 * A streaming model backend. `stream` yields the answer's chunks in batches: each step the
 * chunks that arrived together (one network read's worth, at least one), so the runner pays one
 * wait and one deadline check per read, not per token. A provider with one chunk at a time
 * yields `[chunk]`.
 *
 * Failures are thrown as {@link ProviderError} where the provider can classify them; the runner
 * treats any other throw as `unknown`. Releasing the upstream has one rule: when the attempt ends
 * before the provider's `end` chunk (a failure, a deadline, the lane moving on, the client gone),
 * the runner aborts `request.signal`; in every case it then finishes the iterator (`return()`),
 * which must release whatever the stream still holds.
 *
 * @example
 * ```ts
 * const echo: Provider = {
 *   kind: 'custom',
 *   model: 'echo',
 *   async *stream(request) {
 *     yield [{ type: 'headers', status: 200 }];
 *     yield [{ type: 'text', text: request.messages.at(-1)?.content ?? '' }, { type: 'end', finishReason: 'stop' }];
 *   },
 * };
 * ```
 */
export interface Provider {
  /** Provider kind, e.g. `openai`, `anthropic`, `simulator`. */
  readonly kind: string;
  /** Model id this provider instance calls. */
  readonly model: string;
  stream(request: ProviderRequest): AsyncIterable<ProviderChunk[]>;
}

/**
 * What an upstream's refusal of a request says, in OpenAI's words: a content filter refused it
 * (`content_filter`), or the conversation is over the model's context window
 * (`context_length_exceeded`).
 */
export type UpstreamErrorCode = 'content_filter' | 'context_length_exceeded';

/** Options of {@link ProviderError}. */
export interface ProviderErrorOptions {
  status?: number;
  retryAfterMs?: number;
  afterFirstToken?: boolean;
  /** What the upstream's refusal says, when it is one the lane treats apart. */
  code?: UpstreamErrorCode;
  /** The upstream's own error message (keys removed), for a refusal the caller should read. */
  upstreamMessage?: string;
  cause?: unknown;
}

/** A failure a provider could classify. The chain runner decides retry/fallback from `reason`, `status` and `code`. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly reason: FailureReason;
  readonly status: number | undefined;
  /** Parsed `Retry-After`, in milliseconds, when the upstream sent one. */
  readonly retryAfterMs: number | undefined;
  /** True once any answer text had been streamed before the failure. */
  readonly afterFirstToken: boolean;
  /** What the upstream's refusal says (content filter, context length), when it is one of those. */
  readonly code: UpstreamErrorCode | undefined;
  /** The upstream's own error message, keys removed. */
  readonly upstreamMessage: string | undefined;

  constructor(reason: FailureReason, message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.afterFirstToken = options.afterFirstToken ?? false;
    this.code = options.code;
    this.upstreamMessage = options.upstreamMessage;
  }
}
