/**
 * Codes of errors raised on the client side. Programs branch on `code`.
 * - `http`: the endpoint answered with a non-2xx status.
 * - `network`: the request could not be sent or the connection broke.
 * - `incomplete`: the stream ended without its terminating `done` event.
 * - `protocol`: the stream carried something that is not protocol v1.
 * - `aborted`: the caller aborted the turn.
 * - `server`: the server sent an `error` event.
 * - `invalid-argument`: a function was called with bad input.
 */
export type CascadeErrorCode =
  | 'http'
  | 'network'
  | 'incomplete'
  | 'protocol'
  | 'aborted'
  | 'server'
  | 'invalid-argument';

/**
 * Error raised by cascadekit's client side. Branch on `code`, show `message`.
 *
 * @example
 * ```ts
 * try { await client.send('hi') } catch (e) {
 *   if (e instanceof CascadeError && e.code === 'incomplete') retry();
 * }
 * ```
 */
export class CascadeError extends Error {
  override readonly name = 'CascadeError';
  /** Machine-readable cause. */
  readonly code: CascadeErrorCode;
  /** HTTP status, when `code` is `http`. */
  readonly status: number | undefined;

  constructor(code: CascadeErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status;
  }
}
