import { encodeEvent, SSE_HEADERS } from '@cascadekit/core';
import type { HandlerContext } from '../handler.js';
import { eventStreamBody } from '../http/event-stream-body.js';
import { parseCascadeRequest } from '../http/request-body.js';

/**
 * `POST {basePath}/cascade`: runs a turn and streams its protocol v1 events as SSE, the events
 * of one upstream read in one chunk.
 */
export async function handleCascade(request: Request, context: HandlerContext): Promise<Response> {
  const body = parseCascadeRequest(await context.readBody(request));
  const events = context.runChain(body.chain ?? context.defaultChain, body.messages, request.signal, {
    earlyAccept: body.earlyAccept === true,
  });
  const sse = eventStreamBody(events, (batch) => {
    if (batch === null) return { text: '' };
    let text = '';
    for (const event of batch) text += encodeEvent(event);
    return { text };
  });
  return new Response(sse, { status: 200, headers: SSE_HEADERS });
}
