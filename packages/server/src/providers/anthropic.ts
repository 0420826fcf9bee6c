import { type MalformedEventPolicy, parseJsonData, streamSseUpstream } from './sse-upstream.js';
import { transportOf, type UpstreamTransport } from './transport.js';
import { type Provider, type ProviderChunk, ProviderError, type ProviderRequest } from './types.js';

/** Options of {@link anthropic}. */
export interface AnthropicOptions {
  /** Model id, e.g. `claude-haiku-4-5`. */
  model: string;
  /** Sent as `x-api-key`. Read it on the server only. */
  apiKey?: string;
  /** Defaults to `https://api.anthropic.com` (the provider appends `/v1/messages`). */
  baseUrl?: string;
  /** `anthropic-version` header. */
  version?: string;
  /** `max_tokens` when the request names none (the Messages API requires one). */
  maxTokens?: number;
  /** Extra request headers, e.g. `anthropic-beta`. */
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
 * A streaming provider for Anthropic's Messages API. System messages go to `system`,
 * consecutive messages of one role are merged (the API wants alternating turns), and
 * `continueFrom` becomes an assistant prefill. The answer is complete at `message_stop` (Anthropic's
 * SDKs, too, call a stream without it unfinished, `stop_reason` or not); a body that ends before
 * it, or breaks off, is incomplete. An `error` event inside the 200 stream throws
 * `upstream-error`; `ping` is ignored.
 *
 * @example
 * ```ts
 * const claude = anthropic({ model: 'claude-haiku-4-5', apiKey: process.env.ANTHROPIC_API_KEY });
 * ```
 */
export function anthropic(options: AnthropicOptions): Provider {
  if (!options.model) throw new TypeError('anthropic: `model` must be a non-empty string');
  const baseUrl = (options.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const transport = transportOf(options);
  const defaultMaxTokens = options.maxTokens ?? 1024;
  return {
    kind: 'anthropic',
    model: options.model,
    stream(request: ProviderRequest): AsyncIterable<ProviderChunk[]> {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'anthropic-version': options.version ?? '2023-06-01',
        ...options.headers,
      };
      if (options.apiKey) headers['x-api-key'] = options.apiKey;
      const { body, trimmedPrefill } = requestBody(request, defaultMaxTokens);
      return streamSseUpstream(
        {
          provider: 'anthropic',
          transport,
          url: `${baseUrl}/v1/messages`,
          headers,
          body,
          signal: request.signal,
          secrets: options.apiKey ? [options.apiKey] : [],
          ...(options.malformedEvents ? { malformedEvents: options.malformedEvents } : {}),
        },
        createEventHandler(trimmedPrefill),
      );
    },
  };
}

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Builds the Messages API body; exported for tests. */
export function requestBody(
  request: ProviderRequest,
  defaultMaxTokens: number,
): { body: Record<string, unknown>; trimmedPrefill: boolean } {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage['role'], content: string) => {
    const last = messages.at(-1);
    if (last?.role === role) last.content = `${last.content}\n\n${content}`;
    else messages.push({ role, content });
  };
  for (const message of request.messages) {
    // The API rejects empty text blocks, e.g. an answer the user stopped before its first token.
    if (message.content.trim() === '') continue;
    if (message.role === 'system') system.push(message.content);
    else push(message.role, message.content);
  }
  let trimmedPrefill = false;
  if (request.continueFrom) {
    // The API rejects a final assistant turn that ends in whitespace; the model then
    // usually starts with the whitespace we cut, which the event handler drops once.
    const prefill = request.continueFrom.trimEnd();
    trimmedPrefill = prefill.length < request.continueFrom.length;
    if (prefill) push('assistant', prefill);
  }
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    stream: true,
    messages,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return { body, trimmedPrefill };
}

interface StreamEvent {
  type?: string;
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  delta?: { type?: string; text?: string; stop_reason?: string | null };
  usage?: { input_tokens?: number; output_tokens?: number };
  error?: { type?: string; message?: string };
}

function createEventHandler(trimmedPrefill: boolean) {
  let inputTokens = 0;
  let stopReason: string | undefined;
  let dropLeadingSpace = trimmedPrefill;
  return (message: { event?: string | undefined; data: string }, afterFirstToken: boolean, out: ProviderChunk[]) => {
    const event = parseJsonData('anthropic', message.data, afterFirstToken) as StreamEvent;
    const type = event?.type ?? message.event;
    switch (type) {
      case 'message_start':
        inputTokens = event.message?.usage?.input_tokens ?? 0;
        return;
      case 'content_block_delta': {
        if (event.delta?.type !== 'text_delta' || !event.delta.text) return;
        let text = event.delta.text;
        if (dropLeadingSpace) {
          dropLeadingSpace = false;
          text = text.replace(/^\s+/, '');
          if (!text) return;
        }
        out.push({ type: 'text', text });
        return;
      }
      case 'message_delta': {
        if (event.delta?.stop_reason) stopReason = event.delta.stop_reason;
        const usage = event.usage;
        if (typeof usage?.output_tokens !== 'number') return;
        if (typeof usage.input_tokens === 'number') inputTokens = usage.input_tokens;
        out.push({ type: 'usage', inputTokens, outputTokens: usage.output_tokens });
        return;
      }
      case 'message_stop':
        out.push(stopReason === undefined ? { type: 'end' } : { type: 'end', finishReason: stopReason });
        return;
      case 'error': {
        const kind = event.error?.type ?? 'error';
        const detail = event.error?.message ?? 'no message';
        throw new ProviderError('upstream-error', `anthropic upstream sent an error event (${kind}): ${detail}`, {
          afterFirstToken,
        });
      }
      default:
        // ping, content_block_start/stop and event types added later carry no answer text.
        return;
    }
  };
}
