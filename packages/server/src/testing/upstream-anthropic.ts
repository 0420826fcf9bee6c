import { trailingAssistant } from './prefill.js';
import { type FakeUpstream, sseFrame, startUpstream, type UpstreamScript, type WireFormat } from './upstream-server.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** Anthropic's Messages streaming format, byte for byte as the API sends it. */
export const anthropicWireFormat: WireFormat = {
  path: '/v1/messages',
  start: (request) => {
    const model = (request.body as { model?: unknown } | undefined)?.model;
    return [
      sseFrame(
        {
          type: 'message_start',
          message: {
            id: 'msg_fake',
            type: 'message',
            role: 'assistant',
            content: [],
            model: typeof model === 'string' ? model : 'unknown',
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: inputTokensOf(request.body), output_tokens: 1 },
          },
        },
        'message_start',
      ),
      sseFrame(
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        'content_block_start',
      ),
    ];
  },
  token: (text) =>
    sseFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta'),
  finish: (usage, _request, finishReason = 'end_turn') => [
    sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sseFrame(
      {
        type: 'message_delta',
        delta: { stop_reason: finishReason, stop_sequence: null },
        ...(usage ? { usage: { output_tokens: usage.outputTokens } } : {}),
      },
      'message_delta',
    ),
  ],
  terminator: () => sseFrame({ type: 'message_stop' }, 'message_stop'),
  keepAlive: () => 'event: ping\ndata: {"type": "ping"}\n\n',
  errorEvent: (message) => sseFrame({ type: 'error', error: { type: 'overloaded_error', message } }, 'error'),
  malformedEvent: () =>
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_de\n\n',
  errorBody: (status, message) => ({ type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } }),
  prefillOf: trailingAssistant,
  // The Messages API continues a final assistant turn (newer models refuse it: script `prefill: 'reject'`).
  prefill: 'continue',
};

// The fake reports the script's input tokens through `usage` in message_delta only when asked;
// message_start carries a stable count derived from the request so tests can predict it.
function inputTokensOf(body: unknown): number {
  const messages = (body as { messages?: unknown[] } | undefined)?.messages;
  return Array.isArray(messages) ? 10 + messages.length : 10;
}

/**
 * Starts a fault-injecting Anthropic Messages upstream on 127.0.0.1 (ephemeral port); its `url`
 * is the base URL for `anthropic({ baseUrl })`.
 *
 * @example
 * ```ts
 * const upstream = await startAnthropicUpstream({ errorEventAfterTokens: 1 });
 * const provider = anthropic({ model: 'claude-test', baseUrl: upstream.url, apiKey: 'sk-ant-test' });
 * // … stream, then:
 * await upstream.close();
 * ```
 */
export function startAnthropicUpstream(script: UpstreamScript = {}): Promise<FakeUpstream> {
  return startUpstream(anthropicWireFormat, '', script);
}
