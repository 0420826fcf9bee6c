import type { CascadeEvent } from '@cascadekit/core';
import { drainTurn, SlowClientError, type TurnEvents } from '../chain/turn-events.js';

/** What a batch of a turn's events becomes in a response body. */
export interface RenderedBatch {
  /** Text to send (may be empty). */
  text: string;
  /**
   * Set when this batch ends the body: `drain` lets the turn finish in the background (its
   * accounting hooks still run), `cancel` stops it.
   */
  end?: 'drain' | 'cancel';
}

/**
 * Renders `batch` (`null`: the turn's events are over, or the turn broke). Must not throw.
 */
export type BatchRenderer = (batch: CascadeEvent[] | null) => RenderedBatch;

/**
 * A response body of a turn's events, one chunk per batch the turn hands out (the events of one
 * upstream read), so a reader wakes once per network read, not once per token. `opening` (what
 * the caller rendered already) is sent first, and may end the body. The turn is read only as fast
 * as the body is, so a slow client slows the turn (see `maxBufferedBytes`); cancelling the body
 * cancels the turn. A client that stays behind too long (`slowClientMs`) fails the turn with a
 * {@link SlowClientError}, and the body errors at once, whether or not it is being read, so the
 * server writing it drops the connection instead of holding it.
 */
export function eventStreamBody(
  events: TurnEvents,
  render: BatchRenderer,
  opening: RenderedBatch = { text: '' },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cancelled = false;
  let first: RenderedBatch | undefined = opening;
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, how: RenderedBatch['end']) => {
    controller.close();
    if (how === 'drain') drainTurn(events);
    else events.cancel();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      events.closed.catch((error: unknown) => {
        if (cancelled || !(error instanceof SlowClientError)) return;
        try {
          controller.error(error);
        } catch {
          // closed already
        }
      });
    },
    async pull(controller) {
      if (first) {
        const { text, end: how } = first;
        first = undefined;
        if (text) controller.enqueue(encoder.encode(text));
        if (how !== undefined) end(controller, how);
        if (text || how !== undefined) return;
      }
      // Until a batch renders text or ends the body: one chunk per pull.
      for (;;) {
        let batch: CascadeEvent[] | null;
        try {
          batch = await events.read();
        } catch {
          batch = null; // a broken turn ends like a turn without events
        }
        if (cancelled) return;
        const out = render(batch);
        if (out.text) controller.enqueue(encoder.encode(out.text));
        if (out.end !== undefined || batch === null) {
          end(controller, out.end);
          return;
        }
        if (out.text) return;
      }
    },
    cancel() {
      cancelled = true;
      events.cancel();
    },
  });
}
