import type { IncomingMessage } from 'node:http';

/** The error a second read of a body fails with, as `fetch` bodies do. */
export function bodyUnusable(detail = 'Body is unusable: it was read already.'): TypeError {
  return new TypeError(detail);
}

/**
 * A request body that a middleware in front of the adapter read and left nothing usable of (no
 * `req.body`, or one the adapter cannot turn back into the bytes). `code` is `body_consumed`.
 */
export class BodyConsumedError extends Error {
  readonly code = 'body_consumed';
  constructor(found: string) {
    super(
      `Another middleware read the request body before cascadekit and left ${found} on req.body. ` +
        'Mount toNodeListener(handler) before the body parser (e.g. before app.use(express.json())), ' +
        'or leave the parsed body on req.body (express.json(), express.text() and express.raw() do; ' +
        'in Fastify: listener(Object.assign(request.raw, { body: request.body }), reply.raw)).',
    );
    this.name = 'BodyConsumedError';
  }
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * What is left of a body that a body-parsing middleware read before the adapter: `undefined`
 * when nobody read the socket (read it then), the bytes to use instead (`req.body` as a Buffer or
 * string as is, a JSON body's parsed value serialised again), or a {@link BodyConsumedError}
 * when the body is gone. A request that declared no body has nothing to lose.
 */
export function leftByParser(req: IncomingMessage): Buffer | BodyConsumedError | undefined {
  if (!req.readableDidRead && !req.readableEnded) return undefined;
  const declared = req.headers['content-length'];
  if (req.headers['transfer-encoding'] === undefined && (declared === undefined || declared === '0')) return undefined;
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (Buffer.isBuffer(parsed)) return parsed;
  if (parsed instanceof Uint8Array) return Buffer.from(parsed.buffer, parsed.byteOffset, parsed.byteLength);
  if (typeof parsed === 'string') return Buffer.from(parsed, 'utf8');
  // A parsed JSON value becomes JSON again; any other parsed form (e.g. urlencoded) cannot.
  if (parsed !== undefined && JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    return Buffer.from(JSON.stringify(parsed), 'utf8');
  }
  // body-parser 1 (Express 4) sets `{}` on requests it did not parse.
  if (parsed === undefined || (isPlainObject(parsed) && Object.keys(parsed).length === 0)) {
    return new BodyConsumedError('nothing');
  }
  return new BodyConsumedError(`a parsed ${req.headers['content-type'] ?? 'untyped'} body`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
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
