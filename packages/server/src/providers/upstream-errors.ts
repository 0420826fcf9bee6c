import type { ByteSource } from './byte-source.js';
import { retryAfterFromHeaders } from './retry-after.js';
import type { UpstreamResponse } from './transport.js';
import { ProviderError } from './types.js';

/** What an upstream's error reports need to know about the call. */
export interface UpstreamCallInfo {
  /** Provider kind, used in error messages (`openai`, `anthropic`). */
  provider: string;
  signal: AbortSignal;
  /** Secrets that must never appear in an error message (an upstream may echo the key). */
  secrets: readonly string[];
}

const MAX_ERROR_BODY_CHARS = 4096;

/**
 * A thrown transport or body error as a {@link ProviderError}: the runner's own reason when it
 * aborted the call, else `network` (before or after the first token).
 */
export function toProviderError(error: unknown, call: UpstreamCallInfo, afterFirstToken: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  if (call.signal.aborted) {
    // The runner may abort with the precise reason (e.g. a timeout) as a ProviderError.
    const reason: unknown = call.signal.reason;
    if (reason instanceof ProviderError) return reason;
    return new ProviderError('aborted', `${call.provider} request aborted`, { afterFirstToken, cause: error });
  }
  const detail = describeCause(error);
  const when = afterFirstToken ? 'after the first token' : 'before the first token';
  return new ProviderError('network', redact(`${call.provider} connection failed ${when}: ${detail}`, call.secrets), {
    afterFirstToken,
    cause: error,
  });
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : `${error.message} (${cause.message})`;
  }
  return error.message;
}

/** The `http-status` failure of an answer that is not 2xx, with its `Retry-After` and message. */
export async function statusError(response: UpstreamResponse, call: UpstreamCallInfo): Promise<ProviderError> {
  const retryAfterMs = retryAfterFromHeaders(response.headers);
  let detail = '';
  try {
    // Secrets out first, then the cut: a key across the cut would otherwise leave its first part.
    detail = errorDetail(redact(await readCapped(response.body), call.secrets));
  } catch {
    // A body that breaks off does not change the classification: the status already failed.
  }
  const message = `${call.provider} upstream answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  return withoutStack(
    () =>
      new ProviderError('http-status', message, {
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }),
  );
}

/**
 * Builds an error without capturing a stack trace: an upstream's error status is an expected
 * outcome, not a bug to trace, and a fallback chain builds one per failed attempt.
 */
function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  if (typeof limit !== 'number') return make(); // not V8 or JavaScriptCore: nothing to skip
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The start of an error body as text; the connection is released after. */
async function readCapped(body: ByteSource): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_ERROR_BODY_CHARS) {
      const chunks = await body.read();
      if (chunks === null) {
        text += decoder.decode();
        break;
      }
      for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
    }
  } finally {
    body.cancel();
  }
  return text.slice(0, MAX_ERROR_BODY_CHARS);
}

/** Pulls the human message out of `{error:{message}}` / `{error:"..."}` / `{message}` bodies. */
export function errorDetail(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const message = pickMessage(parsed);
    if (message) return message.slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 300);
}

function pickMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.message === 'string') return record.message;
  return record.error === undefined ? undefined : pickMessage(record.error);
}

/** `error` with every secret removed from its message. */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof ProviderError)) return error;
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  return new ProviderError(error.reason, message, {
    afterFirstToken: error.afterFirstToken,
    ...(error.status === undefined ? {} : { status: error.status }),
  });
}

/** Removes every secret from `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}
