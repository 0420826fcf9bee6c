import type { IncomingMessage } from 'node:http';

/** The error a second read of a body fails with, as `fetch` bodies do. */
export function bodyUnusable(detail = 'Body is unusable: it was read already.'): TypeError {
  return new TypeError(detail);
}

/**
 * The whole request body, read straight from the socket (no web stream): what `text()`,
 * `json()` and `arrayBuffer()` of the adapter's `Request` resolve from. Rejects when the client
 * goes away before the body ended, or when someone else (e.g. a body-parsing middleware) read it.
 */
export function readIncoming(req: IncomingMessage): Promise<Buffer> {
  if (req.readableEnded || req.readableDidRead) {
    return Promise.reject(bodyUnusable('Body is unusable: another middleware read the request body before.'));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      if (req.readableEnded) return; // 'end' came first
      cleanup();
      reject(new TypeError('terminated: the client closed the connection before the body ended.'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * The request body as a web stream, for readers that want it streamed (`request.body`): it
 * pauses the socket while the reader is behind and, once cancelled (e.g. a 413 after too many
 * bytes), discards the rest so the response can still be written.
 */
export function incomingStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      req.once('error', (error) => {
        if (finished) return;
        finished = true;
        controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      finished = true;
      req.resume(); // drain and discard; the response (e.g. 413) can still be written
    },
  });
}
