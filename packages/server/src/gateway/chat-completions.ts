import type { ChatMessage, Lane } from '@cascadekit/core';
import type { TurnEvents } from '../chain/turn-events.js';
import type { FailoverPolicy } from '../config/types.js';
import { HttpError } from '../http/json-error.js';
import { parseChatCompletionRequest } from './chat-request.js';
import { completeAnswer } from './complete.js';
import { GATEWAY_LANE } from './final-lane.js';
import { GatewayError, gatewayErrorResponse } from './openai-error.js';
import { streamedAnswer } from './stream.js';

/** What the gateway needs from the cascade handler (a subset of its `HandlerContext`). */
export interface GatewayContext {
  chains: readonly string[];
  readBody(request: Request): Promise<string>;
  runChain(
    chain: string,
    messages: ChatMessage[],
    signal: AbortSignal,
    options?: { lanes?: readonly Lane[]; failover?: FailoverPolicy },
  ): TurnEvents;
}

/**
 * `POST /v1/chat/completions`: an OpenAI-compatible front door to a cascade chain. The
 * request's `model` names the chain; its **final** lane runs (a draft lane exists to be shown
 * and replaced, which a chat-completions client cannot do). The answer comes back as a
 * standard `chat.completion` or, with `stream: true`, as `chat.completion.chunk`s ending in
 * `[DONE]`; `model` and the `x-cascade-model` header name the serving model.
 *
 * Streaming responses start with the first token, so a lane that fails before any text gets
 * a proper HTTP error (502 upstream, 503 breaker open, 504 timeout; 429 with `Retry-After` when
 * every model was rate limited; 400 for a content filter's refusal or a conversation too long).
 * Once text has been sent it cannot be taken back, so a stream runs its lane with failover
 * `continue`: a failure after the first token is rescued by a model that continues the text sent
 * (a prefill) or by one restarted and spliced on once it has passed that text. When neither can,
 * the stream ends with an in-band `{"error":…}` chunk naming the failure that broke the answer,
 * and no `[DONE]`; never with mixed text. Validators judge the complete text, so a streaming
 * client may already hold a rejected answer when the error chunk arrives; ask without `stream`
 * when only validated output may reach the caller.
 */
export async function handleChatCompletions(request: Request, context: GatewayContext): Promise<Response> {
  try {
    const body = parseChatCompletionRequest(await readBody(request, context));
    if (!context.chains.includes(body.chain)) {
      throw new GatewayError(
        404,
        'invalid_request_error',
        'model_not_found',
        `There is no chain named "${body.chain}"; \`model\` must name one of: ${context.chains.join(', ')}.`,
        'model',
      );
    }
    // A stream cannot take text back: a failure after the first token is rescued by continuing.
    const events = context.runChain(body.chain, body.messages, request.signal, {
      lanes: [GATEWAY_LANE],
      ...(body.stream ? { failover: 'continue' as const } : {}),
    });
    return body.stream ? await streamedAnswer(events, body.includeUsage) : await completeAnswer(events);
  } catch (error) {
    if (error instanceof GatewayError) return gatewayErrorResponse(error);
    throw error;
  }
}

async function readBody(request: Request, context: GatewayContext): Promise<string> {
  try {
    return await context.readBody(request);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new GatewayError(error.status, 'invalid_request_error', error.code, error.message, error.field ?? null);
  }
}
