import { type CascadeEvent, encodeEvent, SSE_HEADERS } from '@cascadekit/core';
import type { HandlerContext } from '../handler.js';
import { eventStreamBody } from '../http/event-stream-body.js';
import { HttpError } from '../http/json-error.js';
import { parseCascadeRequest } from '../http/request-body.js';
import { holdHead, rateLimitedLanes } from './held-head.js';

const encoded = (batch: readonly CascadeEvent[]): string => {
  let text = '';
  for (const event of batch) text += encodeEvent(event);
  return text;
};

/**
 * `POST {basePath}/cascade`: runs a turn and streams its protocol v1 events as SSE, the events
 * of one upstream read in one chunk. The head waits until a model answers (or the turn shows it
 * is more than rate limits): a turn whose every model answered 429 gets a 429 with the smallest
 * upstream `Retry-After`, not a 200 stream of failures.
 */
export async function handleCascade(request: Request, context: HandlerContext): Promise<Response> {
  const body = parseCascadeRequest(await context.readBody(request));
  let reachedModel!: () => void;
  const reached = new Promise<void>((resolve) => {
    reachedModel = resolve;
  });
  const events = context.runChain(body.chain ?? context.defaultChain, body.messages, request.signal, {
    earlyAccept: body.earlyAccept === true,
    onReachedModel: reachedModel,
  });
  const head = await holdHead(events, reached);
  const limited = rateLimitedLanes(head);
  if (limited.length > 0) {
    const waits = limited.flatMap((event) => (event.retryAfterMs === undefined ? [] : [event.retryAfterMs]));
    const seconds = waits.length === 0 ? 1 : Math.ceil(Math.min(...waits) / 1000);
    throw new HttpError(
      429,
      'upstream_rate_limited',
      limited[0]?.message ?? 'Every model is rate limited.',
      undefined,
      {
        'retry-after': String(seconds),
      },
    );
  }
  const sse = eventStreamBody(head.rest, (batch) => ({ text: batch === null ? '' : encoded(batch) }), {
    text: encoded(head.held),
  });
  return new Response(sse, { status: 200, headers: SSE_HEADERS });
}
