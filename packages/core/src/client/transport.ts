import { CascadeError } from '../errors.js';
import { decodeEventBatches } from '../protocol/decode.js';
import type { CascadeEvent, CascadeRequest } from '../protocol/events.js';

/** Options of {@link streamCascade}. */
export interface StreamCascadeOptions {
  endpoint: string;
  body: CascadeRequest;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/**
 * POSTs a cascade request and yields the protocol events of the answer.
 * Throws `CascadeError` with code `http` (non-2xx; the server's JSON error message
 * when it sent one), `network`, `aborted`, `protocol` or `incomplete`.
 */
export async function* streamCascade(options: StreamCascadeOptions): AsyncGenerator<CascadeEvent, void, undefined> {
  for await (const batch of streamCascadeBatches(options)) yield* batch;
}

/**
 * {@link streamCascade} one network chunk at a time (see `decodeEventBatches`): what the client
 * uses, so a fast stream costs one async step per chunk, not per event.
 */
export async function* streamCascadeBatches(
  options: StreamCascadeOptions,
): AsyncGenerator<CascadeEvent[], void, undefined> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(options.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers },
      body: JSON.stringify(options.body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw new CascadeError('aborted', 'The request was aborted.', { cause });
    throw new CascadeError('network', `Could not reach ${options.endpoint}. Check the connection and try again.`, {
      cause,
    });
  }
  if (!response.ok) {
    throw new CascadeError('http', await describeHttpError(response), { status: response.status });
  }
  if (!response.body) throw new CascadeError('protocol', 'The response has no body to stream.');
  yield* decodeEventBatches(response.body, options.signal ? { signal: options.signal } : {});
}

async function describeHttpError(response: Response): Promise<string> {
  const fallback = `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  try {
    const text = await response.text();
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message =
      typeof parsed.error === 'object' && parsed.error !== null
        ? parsed.error.message
        : (parsed.error ?? parsed.message);
    return typeof message === 'string' && message ? `${fallback} ${message}` : fallback;
  } catch {
    return fallback;
  }
}
