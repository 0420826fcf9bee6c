import { trailingAssistant } from './prefill.js';
import {
  type FakeUpstream,
  type RecordedRequest,
  sseFrame,
  startUpstream,
  type UpstreamScript,
  type WireFormat,
} from './upstream-server.js';

function wantsLogprobs(request: RecordedRequest): boolean {
  return (request.body as { logprobs?: unknown } | undefined)?.logprobs === true;
}

function modelOf(request: RecordedRequest): string {
  const model = (request.body as { model?: unknown } | undefined)?.model;
  return typeof model === 'string' ? model : 'unknown';
}

function wantsUsage(request: RecordedRequest): boolean {
  const options = (request.body as { stream_options?: { include_usage?: unknown } } | undefined)?.stream_options;
  return options?.include_usage === true;
}

function chunk(request: RecordedRequest, choices: unknown[], extra: Record<string, unknown> = {}): string {
  return sseFrame({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: modelOf(request),
    system_fingerprint: 'fp_fake',
    choices,
    // With include_usage, OpenAI sends `"usage": null` on every chunk but the last.
    ...(wantsUsage(request) ? { usage: null } : {}),
    ...extra,
  });
}

/** OpenAI's chat-completions streaming format, byte for byte as the API sends it. */
export const openaiWireFormat: WireFormat = {
  path: '/v1/chat/completions',
  start: (request) => [
    chunk(request, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
  ],
  token: (text, logprob, request) =>
    chunk(request, [
      {
        index: 0,
        delta: { content: text },
        logprobs: wantsLogprobs(request) ? { content: [{ token: text, logprob, bytes: [], top_logprobs: [] }] } : null,
        finish_reason: null,
      },
    ]),
  finish: (usage, request, finishReason = 'stop') => {
    const frames = [chunk(request, [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }])];
    if (usage && wantsUsage(request)) {
      frames.push(
        chunk(request, [], {
          usage: {
            prompt_tokens: usage.inputTokens,
            completion_tokens: usage.outputTokens,
            total_tokens: usage.inputTokens + usage.outputTokens,
          },
        }),
      );
    }
    return frames;
  },
  terminator: () => 'data: [DONE]\n\n',
  // OpenRouter sends exactly this comment while a model is queued.
  keepAlive: () => ': OPENROUTER PROCESSING\n\n',
  errorEvent: (message) => sseFrame({ error: { message, type: 'server_error', code: 'overloaded' } }),
  malformedEvent: () =>
    'data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","choices":[{"delta":{"content":"\n\n',
  errorBody: (status, message) => ({
    error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'api_error', param: null, code: null },
  }),
  prefillOf: trailingAssistant,
  // OpenAI's own API answers anew after a trailing assistant message (it does not continue it).
  prefill: 'ignore',
};

/**
 * Starts a fault-injecting OpenAI-compatible upstream on 127.0.0.1 (ephemeral port); its `url`
 * ends in `/v1`, ready for `openaiCompatible({ baseUrl })`.
 *
 * @example
 * ```ts
 * const upstream = await startOpenAIUpstream({ cutAfterTokens: 2 });
 * const provider = openaiCompatible({ model: 'gpt-test', baseUrl: upstream.url, apiKey: 'sk-test' });
 * // … stream, then:
 * await upstream.close();
 * ```
 */
export function startOpenAIUpstream(script: UpstreamScript = {}): Promise<FakeUpstream> {
  return startUpstream(openaiWireFormat, '/v1', script);
}
