import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AttemptReport, CascadeEvent } from '@cascadekit/core';
import { expect } from 'vitest';
import { type CascadeHandler, createCascadeHandler } from '../handler.js';
import { simulatedAnswer } from '../simulator.js';
import { ask, events, laneText, memoryLogger, ofType, sim } from './harness.js';
import { within } from './matrix.js';

// What every Node host (Express 4 and 5, Connect, Fastify, Hono's node server) must do with the
// handler mounted its documented way: the protocol's bytes and headers, bodies read or already
// parsed, health, 405 with Allow, and a client that leaves cancelling the turn.

export const QUESTION = 'How do hosts mount cascadekit?';

/** A handler with a quick chain (`quick`, the default) and one that streams slowly (`slow`). */
export function hostHandler(
  config: { basePath?: string } = {},
): CascadeHandler & { reports: AttemptReport[]; logger: ReturnType<typeof memoryLogger> } {
  const reports: AttemptReport[] = [];
  const logger = memoryLogger();
  const handler = createCascadeHandler({
    ...config,
    logger,
    onAttempt: ({ report }) => {
      reports.push(report);
    },
    chains: {
      quick: {
        draft: [sim('host-draft', { seed: 1, sentences: 1 })],
        final: [sim('host-final', { seed: 2, sentences: 2 })],
      },
      slow: { final: [sim('host-slow', { seed: 3, sentences: 40, tokensPerSecond: 40 })] },
    },
  });
  return Object.assign(handler, { reports, logger });
}

/** Listens on 127.0.0.1 (an ephemeral port); resolves to the base URL and a close(). */
export async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The same JSON body sent chunked (no content-length), as a streaming client sends it. */
export const chunkedJson = (body: unknown): RequestInit & { duplex: 'half' } => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: new Blob([JSON.stringify(body)]).stream(),
  duplex: 'half',
});

/** POST `endpoint` (e.g. `${url}/api/cascade`) streams the protocol with its headers intact, whole, in time. */
export async function expectCascade(
  endpoint: string,
  init: RequestInit = json(ask(QUESTION)),
): Promise<CascadeEvent[]> {
  const response = await within(fetch(endpoint, init), 5_000, 'the response head');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
  expect(response.headers.get('x-accel-buffering')).toBe('no');
  // compression leaves an event stream alone (no-transform), so each event arrives as sent.
  expect(response.headers.get('content-encoding')).toBeNull();
  const all = await within(events(response), 5_000, 'the whole event stream');
  expect(all[0]?.type).toBe('turn-start');
  expect(all.at(-1)?.type).toBe('done');
  expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'final', model: 'host-final' });
  expect(laneText(all, 'final')).toBe(simulatedAnswer(QUESTION, 2, 2));
  return all;
}

/** GET /api/health is the handler's JSON; GET /api/cascade is a 405 that keeps its Allow header. */
export async function expectHealthAndAllow(url: string): Promise<void> {
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, chains: ['quick', 'slow'], defaultChain: 'quick' });
  const wrongMethod = await fetch(`${url}/api/cascade`);
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get('allow')).toBe('POST');
  expect(await wrongMethod.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
}

/** A client that goes away mid-answer cancels the turn: its attempt ends `aborted`. */
export async function expectCancelOnLeave(url: string, handler: { reports: AttemptReport[] }): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/cascade`, {
    ...json({ ...ask(QUESTION), chain: 'slow' }),
    signal: controller.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes('event: delta')) {
    const { value, done } = await within(reader.read(), 5_000, 'the first delta');
    if (done) throw new Error(`the stream ended before a delta: ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  controller.abort();
  await within(
    (async () => {
      while (!handler.reports.some((r) => r.model === 'host-slow')) await new Promise((r) => setTimeout(r, 10));
    })(),
    2_000,
    "the slow model's attempt report after the client left",
  );
  expect(handler.reports.find((r) => r.model === 'host-slow')).toMatchObject({ outcome: 'failed', reason: 'aborted' });
}

/** The JSON error of a setup that cannot work, answered at once (never a hang). */
export async function expectMisconfigured(
  url: string,
  init: RequestInit,
  code: string,
  fix: RegExp,
  path = '/api/cascade',
): Promise<void> {
  const response = await within(fetch(`${url}${path}`, init), 2_000, `the ${code} answer`);
  expect(response.status).toBe(500);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(fix);
}
