import type { UpstreamScript } from './upstream-server.js';

/**
 * The faults a stream can meet after its first token, each as a script that strikes after two
 * answer frames: what a mid-stream rescue must survive. `stall` holds the connection open, so
 * give the model a short `timeouts.idleMs`.
 *
 * @example
 * ```ts
 * const primary = await startOpenAIUpstream({ ...MID_STREAM_FAULTS.cut, tokens: ['One ', 'two ', 'three.'] });
 * ```
 */
export const MID_STREAM_FAULTS = {
  cut: { cutAfterTokens: 2, tokenDelayMs: 20 },
  stall: { stallAfterTokens: 2, tokenDelayMs: 20 },
  'missing terminator': { truncateAfterTokens: 2, tokenDelayMs: 20 },
  'in-band error': { errorEventAfterTokens: 2, tokenDelayMs: 20 },
  'malformed event': { malformedEventAfterTokens: 2, tokenDelayMs: 20 },
} as const satisfies Record<string, UpstreamScript>;

/** The name of one of {@link MID_STREAM_FAULTS}. */
export type MidStreamFault = keyof typeof MID_STREAM_FAULTS;
