import { type CascadeEvent, decodeEventStream } from '@cascadekit/core';
import { vi } from 'vitest';
import type { Logger, ModelConfig } from '../config/types.js';
import type { SimulatorOptions } from '../simulator.js';

/** A fast simulator model for tests. */
export function sim(model: string, options: Omit<SimulatorOptions, 'model' | 'clock'> = {}): ModelConfig {
  return {
    provider: 'simulator',
    model,
    retry: false,
    breaker: false,
    simulator: { headersMs: 0, ttftMs: 1, tokensPerSecond: 2000, jitter: 0, ...options },
  };
}

/** A logger that records instead of printing. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; details?: unknown }[] } {
  const lines: { level: string; message: string; details?: unknown }[] = [];
  return {
    lines,
    info: (message, details) => lines.push({ level: 'info', message, details }),
    warn: (message, details) => lines.push({ level: 'warn', message, details }),
    error: (message, details) => lines.push({ level: 'error', message, details }),
  };
}

/** `POST {path}` with a JSON (or raw string) body. */
export function post(body: unknown, path = '/api/cascade', init: RequestInit = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** The conversation of one user question. */
export const ask = (content = 'What is a cascade?') => ({ messages: [{ role: 'user', content }] });

/** Decodes every event of a protocol v1 response. */
export async function events(response: Response): Promise<CascadeEvent[]> {
  const all: CascadeEvent[] = [];
  for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) all.push(event);
  return all;
}

/** Text of a lane as a client assembles it (deltas, cleared by resets). */
export function laneText(all: CascadeEvent[], lane: 'draft' | 'final'): string {
  let text = '';
  for (const event of all) {
    if (event.type === 'delta' && event.lane === lane) text += event.text;
    if (event.type === 'reset' && event.lane === lane) text = '';
  }
  return text;
}

/** Settles `promise` while advancing vitest's fake timers in steps. */
export async function withTimers<T>(promise: Promise<T>, stepMs = 5, maxMs = 600_000): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let t = 0; !settled && t < maxMs; t += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
  return promise;
}

/** Events of `type` (narrowed). */
export function ofType<K extends CascadeEvent['type']>(
  all: CascadeEvent[],
  type: K,
): Extract<CascadeEvent, { type: K }>[] {
  return all.filter((e): e is Extract<CascadeEvent, { type: K }> => e.type === type);
}

/** Wraps a provider to record when each attempt started and what it was asked. */
export function recording(provider: import('../providers/types.js').Provider) {
  const calls: { at: number; request: import('../providers/types.js').ProviderRequest }[] = [];
  return {
    calls,
    provider: {
      kind: provider.kind,
      model: provider.model,
      stream(request: import('../providers/types.js').ProviderRequest) {
        calls.push({ at: Date.now(), request });
        return provider.stream(request);
      },
    } satisfies import('../providers/types.js').Provider,
  };
}

/** Runs one turn through `handler` with fake timers and returns its events. */
export async function turn(
  handler: (request: Request) => Promise<Response>,
  body: unknown = ask(),
): Promise<CascadeEvent[]> {
  return withTimers(handler(post(body)).then(events));
}

/** POSTs a question to `{url}/api/cascade` over a socket and reads the stream's first chunk. */
export async function openCascade(url: string, signal: AbortSignal): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const response = await fetch(`${url}/api/cascade`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ask()),
    signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  return reader;
}
