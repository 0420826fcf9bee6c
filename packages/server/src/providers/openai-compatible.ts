import type { ChatMessage } from '@cascadekit/core';
import { type MalformedEventPolicy, parseJsonData, streamSseUpstream } from './sse-upstream.js';
import { transportOf, type UpstreamTransport } from './transport.js';
import { type Provider, type ProviderChunk, ProviderError, type ProviderRequest } from './types.js';

/** Options of {@link openaiCompatible}. */
export interface OpenAICompatibleOptions {
  /** Model id sent upstream, e.g. `gpt-4o-mini`, `meta-llama/llama-3.1-8b-instruct`, `llama3.2`. */
  model: string;
  /**
   * Base URL up to and including the version segment. Defaults to OpenAI; for example
   * `https://openrouter.ai/api/v1`, `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:8000/v1`
   * (vLLM) or `http://127.0.0.1:8080/v1` (llama.cpp's server).
   */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …`. Local servers usually need none. Read it on the server only. */
  apiKey?: string;
  /** Extra request headers, e.g. OpenRouter's `HTTP-Referer` and `X-Title`. */
  headers?: Record<string, string>;
  /** `fetch` to reach the upstream with (default: the global one); same as `transport: fetchTransport(fetch)`. */
  fetch?: typeof fetch;
  /** How to reach the upstream, e.g. `nodeTransport()` on Node; give this or `fetch`. */
  transport?: UpstreamTransport;
  /**
   * An event whose data is not JSON: `fail` (default) ends the attempt with `upstream-error` (the
   * lane then rescues the answer); `skip` drops the event and reads on.
   */
  malformedEvents?: MalformedEventPolicy;
}

/**
 * A streaming provider for any OpenAI-compatible `POST /chat/completions` endpoint: OpenAI,
 * OpenRouter, Ollama, vLLM, llama.cpp's server. Asks for the usage chunk
 * (`stream_options.include_usage`) and, when the request wants them, token log-probabilities,
 * whose sum rides on each text chunk. The answer is complete at `data: [DONE]`, or at a clean end
 * of the body after a `finish_reason` (as OpenAI's own SDKs accept); a body that ends without
 * either, or breaks off, is incomplete. An in-band `{"error": …}` event throws `upstream-error`.
 * `continueFrom` is sent as a trailing assistant message (a prefill), for servers that continue
 * one; the lane sends it only to models configured with `prefill: true`.
 *
 * @example
 * ```ts
 * const gpt = openaiCompatible({ model: 'gpt-4o-mini', apiKey: process.env.OPENAI_API_KEY });
 * const local = openaiCompatible({ model: 'llama3.2', baseUrl: 'http://127.0.0.1:11434/v1' });
 * ```
 */
export function openaiCompatible(options: OpenAICompatibleOptions): Provider {
  if (!options.model) throw new TypeError('openaiCompatible: `model` must be a non-empty string');
  const baseUrl = (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const transport = transportOf(options);
  return {
    kind: 'openai',
    model: options.model,
    stream(request: ProviderRequest): AsyncIterable<ProviderChunk[]> {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...options.headers,
      };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      const chunkHandler = createChunkHandler();
      return streamSseUpstream(
        {
          provider: 'openai',
          transport,
          url: `${baseUrl}/chat/completions`,
          headers,
          body: requestBody(request),
          signal: request.signal,
          secrets: options.apiKey ? [options.apiKey] : [],
          ...(options.malformedEvents ? { malformedEvents: options.malformedEvents } : {}),
        },
        chunkHandler.message,
        chunkHandler.cleanEnd,
      );
    },
  };
}

function requestBody(request: ProviderRequest): Record<string, unknown> {
  const messages: ChatMessage[] = request.continueFrom
    ? [...request.messages, { role: 'assistant', content: request.continueFrom }]
    : request.messages;
  return {
    model: request.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    // `max_tokens` rather than `max_completion_tokens`: every compatible server understands it.
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.logprobs ? { logprobs: true } : {}),
  };
}

interface CompletionChunk {
  error?: unknown;
  choices?: Array<{
    delta?: { content?: string | null };
    finish_reason?: string | null;
    logprobs?: { content?: Array<{ logprob?: number }> | null } | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

function createChunkHandler() {
  let finishReason: string | undefined;
  const end = (out: ProviderChunk[]) =>
    out.push(finishReason === undefined ? { type: 'end' } : { type: 'end', finishReason });
  const cleanEnd = (out: ProviderChunk[]) => {
    // A finish reason and a clean end of body: complete without `[DONE]`.
    if (finishReason !== undefined) end(out);
  };
  const message = (
    message: { event?: string | undefined; data: string },
    afterFirstToken: boolean,
    out: ProviderChunk[],
  ) => {
    if (message.data.trim() === '[DONE]') {
      end(out);
      return;
    }
    const parsed = parseJsonData('openai', message.data, afterFirstToken) as CompletionChunk;
    if (message.event === 'error' || (parsed && typeof parsed === 'object' && parsed.error !== undefined)) {
      throw new ProviderError('upstream-error', `openai upstream sent an error event: ${describe(parsed)}`, {
        afterFirstToken,
      });
    }
    const choice = parsed.choices?.[0];
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    const text = choice?.delta?.content;
    if (text) {
      const tokens = choice?.logprobs?.content;
      if (tokens && tokens.length > 0) {
        const logprob = tokens.reduce((sum, token) => sum + (token.logprob ?? 0), 0);
        out.push({ type: 'text', text, logprob, tokens: tokens.length });
      } else {
        out.push({ type: 'text', text });
      }
    }
    const usage = parsed.usage;
    if (usage && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number') {
      out.push({ type: 'usage', inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
    }
  };
  return { message, cleanEnd };
}

function describe(parsed: CompletionChunk): string {
  const error = parsed?.error;
  if (typeof error === 'string') return error.slice(0, 300);
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message.slice(0, 300);
  }
  return 'no message';
}
