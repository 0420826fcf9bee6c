import type { Provider, ProviderChunk, ProviderRequest } from '@cascadekit/server';

/** Live counts of simulated upstream streams, read by the e2e tests through `/api/_test/streams`. */
export interface StreamStats {
  /** Streams running now. */
  active: number;
  /** Streams started since the server started. */
  started: number;
  /** Streams that ended because their signal aborted or their consumer stopped reading. */
  cancelled: number;
  /** Streams that reached their terminator, or failed on their own (a simulated failure). */
  finished: number;
}

/** A provider wrapper that keeps `stats` up to date; the stream itself is passed through untouched. */
export function trackStreams(stats: StreamStats) {
  return (provider: Provider): Provider => ({
    kind: provider.kind,
    model: provider.model,
    async *stream(request: ProviderRequest): AsyncGenerator<ProviderChunk[], void, undefined> {
      stats.active++;
      stats.started++;
      let ended = false;
      try {
        // Seeing the terminator counts as the end: consumers may stop reading right after it.
        for await (const batch of provider.stream(request)) {
          if (batch.some((chunk) => chunk.type === 'end')) ended = true;
          yield batch;
        }
        ended = true;
      } catch (error) {
        ended = !request.signal.aborted;
        throw error;
      } finally {
        stats.active--;
        if (ended) stats.finished++;
        else stats.cancelled++;
      }
    },
  });
}

/** Fresh, zeroed stats. */
export function createStreamStats(): StreamStats {
  return { active: 0, started: 0, cancelled: 0, finished: 0 };
}
