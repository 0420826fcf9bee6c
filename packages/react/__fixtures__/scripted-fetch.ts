import { type CascadeEvent, type CascadeRequest, encodeEvent } from '@cascadekit/core';

/** One request the fake endpoint received, with a handle to stream its answer. */
export interface ScriptedTurn {
  body: CascadeRequest;
  signal: AbortSignal | undefined;
  /** Sends events as SSE. */
  emit(...events: CascadeEvent[]): void;
  /** Ends the body (without `done` this is an incomplete stream). */
  end(): void;
  /** Breaks the connection mid-stream. */
  fail(error?: Error): void;
  /** True once the client cancelled the body or aborted. */
  readonly cancelled: boolean;
}

/** What the next request gets: a stream driven by the test, or a canned response. */
export type ScriptedReply = 'stream' | Response | Error | ((body: CascadeRequest) => Response);

/**
 * A `fetch` for `/api/cascade` whose answers the test drives event by event with core's
 * `encodeEvent`, so UI states are reached deterministically, without a server or timers.
 */
export function scriptedFetch() {
  const turns: ScriptedTurn[] = [];
  const replies: ScriptedReply[] = [];
  const waiters: Array<(turn: ScriptedTurn) => void> = [];
  let taken = 0;
  let health: unknown = { ok: true, breakers: {} };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if ((init?.method ?? 'GET') === 'GET') {
      return String(input).endsWith('/health') ? Response.json(health) : new Response('Not found', { status: 404 });
    }
    const body = JSON.parse(String(init?.body)) as CascadeRequest;
    const reply = replies.shift() ?? 'stream';
    if (reply instanceof Error) throw reply;
    if (reply instanceof Response) return reply;
    if (typeof reply === 'function') return reply(body);
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        cancelled = true;
      },
    });
    const signal = init?.signal ?? undefined;
    signal?.addEventListener('abort', () => {
      cancelled = true;
    });
    const turn: ScriptedTurn = {
      body,
      signal,
      emit: (...events) => {
        if (!cancelled) for (const e of events) controller.enqueue(encoder.encode(encodeEvent(e)));
      },
      end: () => {
        if (!cancelled) controller.close();
      },
      fail: (error = new TypeError('network error')) => {
        if (!cancelled) controller.error(error);
      },
      get cancelled() {
        return cancelled;
      },
    };
    turns.push(turn);
    const waiter = waiters.shift();
    if (waiter) {
      taken += 1;
      waiter(turn);
    }
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  };
  return {
    fetch,
    turns,
    /** Sets what `GET …/health` answers. */
    setHealth(next: unknown) {
      health = next;
    },
    /** Queues the reply of a later request (default: a test-driven stream). */
    reply(next: ScriptedReply) {
      replies.push(next);
    },
    /** Resolves with the next request's turn that no test has taken yet. */
    nextTurn(): Promise<ScriptedTurn> {
      const ready = turns[taken];
      if (ready) {
        taken += 1;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/** The events of a whole cascade turn in which the final lane upgrades the draft. */
export function upgradeScript(draft: string[], final: string[]): CascadeEvent[] {
  const draftText = draft.join('');
  const finalText = final.join('');
  return [
    { type: 'turn-start', v: 1, turnId: 't1', chain: 'default', lanes: ['draft', 'final'] },
    { type: 'attempt-start', lane: 'draft', attempt: 0, model: 'sim-fast', provider: 'simulator' },
    { type: 'attempt-start', lane: 'final', attempt: 0, model: 'sim-large', provider: 'simulator' },
    ...draft.map((text): CascadeEvent => ({ type: 'delta', lane: 'draft', text })),
    { type: 'lane-done', lane: 'draft', model: 'sim-fast', text: draftText },
    ...final.map((text): CascadeEvent => ({ type: 'delta', lane: 'final', text })),
    { type: 'lane-done', lane: 'final', model: 'sim-large', text: finalText },
    {
      type: 'settled',
      winner: 'final',
      model: 'sim-large',
      summary: { attempts: [], costUsd: 0.002, baselineCostUsd: 0.005, durationMs: 1200 },
    },
    { type: 'done' },
  ];
}

/** Events that open a turn: turn-start and one attempt per lane. */
export const OPENING: CascadeEvent[] = upgradeScript([], []).slice(0, 3);

/** The first element under `root` matching a CSS selector, or null (for polled assertions). */
export function pick(root: { element(): Element }, selector: string): HTMLElement | null {
  return root.element().querySelector<HTMLElement>(selector);
}
