import type { CascadeEvent } from '@cascadekit/core';
import type { TurnEvents } from '../chain/turn-events.js';
import { type BatchRenderer, eventStreamBody } from '../http/event-stream-body.js';
import { ChunkSerializer } from './chunks.js';
import { FinalLane, GATEWAY_LANE } from './final-lane.js';

/**
 * The streamed answer: `chat.completion.chunk`s ending in `[DONE]`. The head waits for the first
 * token, so a lane that fails before any text throws its failure as a `GatewayError` (a real
 * status). After that the lane rescues a failure by continuing the text sent (the route runs it
 * with failover `continue`); when it cannot (a restarted answer diverged: a `reset`; or no model
 * was left), the stream ends with an in-band error that names the failure that broke the answer,
 * never with mixed text.
 */
export async function streamedAnswer(events: TurnEvents, includeUsage: boolean): Promise<Response> {
  const lane = new FinalLane();
  const chunks = new ChunkSerializer(lane, includeUsage);
  // Hold the head until the first token, so an early failure gets a real status.
  let first: string | undefined;
  /** Events of the first token's batch that follow it. */
  let rest: CascadeEvent[] = [];
  waiting: for (;;) {
    const batch = await events.read().catch(() => null);
    if (batch === null) break;
    for (let i = 0; i < batch.length; i++) {
      first = lane.apply(batch[i] as CascadeEvent);
      if (first !== undefined || lane.finished) {
        rest = batch.slice(i + 1);
        break waiting;
      }
    }
  }
  if (lane.failure || (first === undefined && lane.text === undefined)) {
    events.cancel();
    throw lane.noAnswer();
  }
  if (first) lane.sentText = true;

  /** The chunks of `batch` in one piece; the bytes are those of one chunk per event, whatever the batching. */
  const render: BatchRenderer = (batch) => {
    if (batch === null) return { text: chunks.error(lane.noAnswer()), end: 'cancel' };
    let text = '';
    for (const event of batch) {
      const delta = lane.apply(event);
      if (delta) {
        lane.sentText = true;
        text += chunks.content(delta);
        continue;
      }
      if (lane.text !== undefined) return { text: text + chunks.ending(), end: 'drain' };
      if (event.type === 'reset' && event.lane === GATEWAY_LANE && lane.sentText) {
        return { text: text + chunks.error(lane.midStreamFailure(true)), end: 'cancel' };
      }
      if (lane.failure) {
        const failure = lane.sentText ? lane.midStreamFailure(false) : lane.failure;
        return { text: text + chunks.error(failure), end: 'cancel' };
      }
    }
    return { text };
  };
  const head = chunks.role() + (first ? chunks.content(first) : '');
  // The first batch may hold more events after the first token, even the lane's end.
  const opening = lane.text === undefined ? render(rest) : { text: chunks.ending(), end: 'drain' as const };
  const body = eventStreamBody(events, render, { ...opening, text: head + opening.text });
  return new Response(body, {
    status: 200,
    headers: lane.headers({ 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' }),
  });
}
