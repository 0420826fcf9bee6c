import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/** Default of `slowClientMs` for the Node writer: see {@link writeResponse}. */
export const DEFAULT_WRITER_SLOW_CLIENT_MS = 10_000;

/**
 * Settles on 'drain' or 'close', whichever comes first; a client that takes nothing for
 * `slowClientMs` meanwhile has its connection destroyed (which closes `res`).
 */
function drained(res: ServerResponse, slowClientMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => res.destroy(), slowClientMs);
    const go = () => {
      clearTimeout(timer);
      res.off('drain', go);
      res.off('close', go);
      resolve();
    };
    res.on('drain', go);
    res.on('close', go);
  });
}

/**
 * Writes any `Response` to `res`: the head, then the body as it comes, with one back-pressure
 * rule: after a write that `res.write` refuses (returns false), no more of the body is read until
 * 'drain'. A client that stops reading therefore leaves at most Node's high-water mark
 * (`res.writableHighWaterMark`, 16 KiB by default) plus one chunk of the body in the server's
 * buffer; the rest waits upstream of the body (cascadekit's own bodies then stop reading their
 * turn, whose lanes stop reading their upstreams). A client that takes nothing for
 * `slowClientMs` while the writer waits for 'drain' is disconnected, so that chunk is not held
 * for as long as the client keeps the connection open. The client going away cancels the body;
 * a body that fails destroys the response, so the client sees it incomplete rather than ended,
 * even when it fails while the writer waits for 'drain'.
 * The head leaves with the first chunk (Node holds it until the first write).
 */
export async function writeResponse(
  response: Response,
  res: ServerResponse,
  slowClientMs = DEFAULT_WRITER_SLOW_CLIENT_MS,
): Promise<void> {
  // Never writeHead(status, undefined, headers): on-headers (under morgan, compression and
  // express-session) takes a non-string second argument for the headers and drops the third.
  const headers = outgoingHeaders(response.headers);
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  const body = response.body;
  if (body === null) {
    res.end();
    return;
  }
  const reader = body.getReader();
  // Rejects as soon as the body fails, even while the writer waits for 'drain' (a client that
  // stays behind gets its connection dropped, not held); fulfils at its end.
  const over = reader.closed;
  const stop = () => {
    reader.cancel(new DOMException('The client disconnected.', 'AbortError')).catch(() => {});
  };
  res.once('close', stop);
  // The head leaves with the first chunk when that comes in this turn of the event loop, else
  // right after it, so an SSE client sees the head before the first event.
  let flush: NodeJS.Immediate | undefined = setImmediate(() => {
    flush = undefined;
    if (!res.destroyed) res.flushHeaders();
  });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (flush !== undefined) {
        clearImmediate(flush);
        flush = undefined;
      }
      if (done || res.destroyed) break;
      if (!res.write(value)) await Promise.race([drained(res, slowClientMs), over]);
    }
    if (!res.destroyed) res.end();
  } catch {
    res.destroy();
  } finally {
    if (flush !== undefined) clearImmediate(flush);
    res.off('close', stop);
  }
}
