/**
 * Why saving or restoring a conversation failed. Programs branch on `code`.
 * - `read-failed`: the storage could not be read (the conversation starts empty).
 * - `write-failed`: a save failed; the next change tries again.
 * - `quota-exceeded`: the storage is full; the next change tries again.
 * - `corrupt`: what was saved is not a conversation; it was discarded.
 * - `unknown-version`: it was saved in another format version and `migrate` did not upgrade it;
 *   it was discarded.
 */
export type PersistErrorCode = 'read-failed' | 'write-failed' | 'quota-exceeded' | 'corrupt' | 'unknown-version';

/**
 * A failure of `persist`, handed to `onError`. The chat is never broken by one.
 *
 * @example
 * ```ts
 * createCascadeClient({
 *   persist: { onError: (e) => e.code === 'quota-exceeded' && showToast('Storage is full.') },
 * });
 * ```
 */
export class PersistError extends Error {
  override readonly name = 'PersistError';
  /** Machine-readable cause. */
  readonly code: PersistErrorCode;
  /** Storage key of the conversation. */
  readonly key: string;

  constructor(code: PersistErrorCode, key: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.key = key;
  }
}
