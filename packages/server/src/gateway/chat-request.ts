import type { ChatMessage } from '@cascadekit/core';
import { GatewayError } from './openai-error.js';

/** What the gateway takes from a `POST /v1/chat/completions` body. */
export interface ChatCompletionRequest {
  /** The chain to run (OpenAI's `model`). */
  chain: string;
  messages: ChatMessage[];
  stream: boolean;
  /** `stream_options.include_usage`: send a usage chunk before `[DONE]`. */
  includeUsage: boolean;
}

const ROLES: Record<string, ChatMessage['role']> = {
  system: 'system',
  // OpenAI's newer name for system instructions.
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
};

function invalid(message: string, param: string | null, code = 'invalid_value'): GatewayError {
  return new GatewayError(400, 'invalid_request_error', code, message, param);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message's `content`: a string, or an array of `{type:'text', text}` parts. */
function contentText(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) throw invalid(`${param} must be a string or an array of text parts.`, param);
  return content
    .map((part, index) => {
      if (!isRecord(part) || part.type !== 'text' || typeof part.text !== 'string') {
        throw invalid(
          `${param}[${index}] must be a text part ({"type":"text","text":"…"}); only text is supported.`,
          param,
        );
      }
      return part.text;
    })
    .join('');
}

/**
 * Parses and checks a chat-completions body. Throws a 400 {@link GatewayError} naming the field
 * for anything the gateway cannot serve faithfully (tools, n > 1, non-text content).
 */
export function parseChatCompletionRequest(text: string): ChatCompletionRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('The request body is not valid JSON.', null, 'invalid_json');
  }
  if (!isRecord(body)) throw invalid('The request body must be a JSON object.', null);
  if (typeof body.model !== 'string' || body.model === '') {
    throw invalid('`model` must be a non-empty string naming a chain.', 'model');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalid('`messages` must be a non-empty array.', 'messages');
  }
  const messages = body.messages.map((message: unknown, index): ChatMessage => {
    const param = `messages[${index}]`;
    if (!isRecord(message)) throw invalid(`${param} must be an object.`, param);
    // An own key only: `constructor`, `__proto__` or `toString` are no roles.
    const role =
      typeof message.role === 'string' && Object.hasOwn(ROLES, message.role) ? ROLES[message.role] : undefined;
    if (!role) {
      throw invalid(`${param}.role must be one of system, developer, user, assistant.`, `${param}.role`);
    }
    return { role, content: contentText(message.content, `${param}.content`) };
  });
  if (!messages.some((message) => message.role === 'user' && message.content.trim() !== '')) {
    throw invalid('`messages` must contain a user message with non-empty content.', 'messages');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw invalid('`stream` must be a boolean.', 'stream');
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw invalid('`n` must be 1: the gateway returns one choice.', 'n', 'unsupported_value');
  }
  for (const field of ['tools', 'functions'] as const) {
    if (Array.isArray(body[field]) && body[field].length > 0) {
      throw invalid(`\`${field}\` is not supported by the cascade gateway.`, field, 'unsupported_parameter');
    }
  }
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    chain: body.model,
    messages,
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}
