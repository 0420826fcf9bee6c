import type { Readable } from 'node:stream';
import { BatchQueue } from '../batch-queue.js';
import type { ByteSource } from '../providers/byte-source.js';

/** Unread bytes past which the socket is paused: pausing after every chunk costs a tick each. */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * An upstream response body from Node as a {@link ByteSource}: Node emits one `data` event per
 * chunk it parsed (one per token of a streamed answer); a read takes every chunk that arrived
 * since the last one, so the provider wakes once per network read. Past 64 KiB unread the
 * socket is paused until the next read.
 */
export class NodeBody extends BatchQueue<Uint8Array> implements ByteSource {
  /**
   * @param source the decoded body (the response itself, or a decompressor after it)
   * @param destroy closes the connection (a body not read to its end cannot be reused)
   * @param release called once the body is over (ended, failed or cancelled)
   */
  constructor(
    private readonly source: Readable,
    private readonly destroy: () => void,
    private readonly release: () => void,
  ) {
    super();
    source.on('data', (chunk: Buffer) => {
      if (this.finished) return;
      this.push(chunk);
      if (this.pending >= HIGH_WATER_MARK) source.pause();
    });
    source.once('end', () => {
      if (this.finished) return;
      this.close();
      this.release();
    });
  }

  protected override weigh(chunk: Uint8Array): number {
    return chunk.byteLength;
  }

  protected override afterRead(): void {
    if (!this.finished) this.source.resume();
  }

  /** The body broke (cut by the peer, or aborted with `reason`): reads reject with it. */
  break(reason: unknown): void {
    if (this.finished) return;
    this.fail(reason);
    this.release();
    this.destroy();
  }

  override cancel(): void {
    this.discard();
    if (this.finished) return; // over already: nothing to release, as cancelling a closed stream does nothing
    this.close();
    this.release();
    this.destroy();
  }
}
