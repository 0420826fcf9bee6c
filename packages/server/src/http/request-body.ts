import type { CascadeRequest, ChatMessage } from '@cascadekit/core';
import { HttpError } from './json-error.js';

/** Default largest request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body as text, refusing (413) a `content-length` over `maxBytes` at once and
 * a streamed body as soon as it passes `maxBytes`, without buffering the rest. A body of declared
 * length is read in one call (`arrayBuffer()`, which the Node adapter serves from the socket
 * without a web stream); only a body without one is read as a stream, to stop it in time.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`, undefined, {
      connection: 'close',
    });
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (declared !== null) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw tooLarge();
    return decodeUtf8(bytes);
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return decodeUtf8(chunks[0] as Uint8Array);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid UTF-8.');
  }
}

const ROLES = new Set(['system', 'user', 'assistant']);

function invalid(field: string, message: string): HttpError {
  return new HttpError(400, 'invalid_request', `${field} ${message}`, field);
}

/** Parses and checks a `POST /api/cascade` body; errors name the offending field. */
export function parseCascadeRequest(text: string): CascadeRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_request', 'The request body must be a JSON object.', '');
  }
  const body = value as Record<string, unknown>;
  if (body.messages === undefined) throw invalid('messages', 'is required');
  if (!Array.isArray(body.messages)) throw invalid('messages', 'must be an array');
  if (body.messages.length === 0) throw invalid('messages', 'must not be empty');
  const messages: ChatMessage[] = body.messages.map((raw: unknown, i: number) => {
    const at = `messages[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(at, 'must be an object');
    const message = raw as Record<string, unknown>;
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
      throw invalid(`${at}.role`, 'must be one of "system", "user", "assistant"');
    }
    if (typeof message.content !== 'string') throw invalid(`${at}.content`, 'must be a string');
    return { role: message.role as ChatMessage['role'], content: message.content };
  });
  if (!messages.some((m) => m.role === 'user' && m.content.trim().length > 0)) {
    throw invalid('messages', 'must contain a non-empty user message');
  }
  const request: CascadeRequest = { messages };
  if (body.chain !== undefined) {
    if (typeof body.chain !== 'string' || body.chain.length === 0) throw invalid('chain', 'must be a non-empty string');
    request.chain = body.chain;
  }
  if (body.earlyAccept !== undefined) {
    if (typeof body.earlyAccept !== 'boolean') throw invalid('earlyAccept', 'must be a boolean');
    request.earlyAccept = body.earlyAccept;
  }
  return request;
}
