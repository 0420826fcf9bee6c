import type { FailureReason } from '@cascadekit/core';
import { untilAborted } from '@cascadekit/core/internal';
import type { Clock } from '../clock.js';
import type { TimeoutsConfig } from '../config/types.js';
import { ChunkWatchdog, phaseDeadline, type StreamPhase } from '../policies/timeouts.js';
import {
  type Provider,
  type ProviderChunk,
  ProviderError,
  type ProviderRequest,
  type UpstreamErrorCode,
} from '../providers/types.js';

/** A classified failure of one attempt. `detail` is for logs only, never for browsers. */
export interface AttemptFailure {
  reason: FailureReason;
  status?: number;
  retryAfterMs?: number;
  afterFirstToken: boolean;
  detail: string;
  /** What an upstream's refusal says (content filter, context length). */
  code?: UpstreamErrorCode;
  /** The upstream's own message of such a refusal. */
  upstreamMessage?: string;
}

/** What one attempt produced. */
export interface AttemptResult {
  text: string;
  failure?: AttemptFailure;
  ttftMs?: number;
  durationMs: number;
  usage?: { inputTokens: number; outputTokens: number };
  /** Sum and count of token log-probabilities, when the provider sent them. */
  logprob?: { sum: number; tokens: number };
  finishReason?: string;
  /** The upstream answered with a 2xx head, so the request reached the model (and may be billed). */
  reachedModel?: boolean;
}

/** Inputs of {@link runAttempt}. */
export interface AttemptInput {
  provider: Provider;
  request: Omit<ProviderRequest, 'signal'>;
  /** Aborted by the lane (deadline, client gone); its reason is a `ProviderError`. */
  laneSignal: AbortSignal;
  timeouts: Required<TimeoutsConfig>;
  /**
   * Longest wait for the first token from the attempt's start, headers included, ms: the share
   * of the lane's time this attempt may spend silent. Its phase's reason when it runs out.
   */
  firstTokenBudgetMs?: number;
  clock: Clock;
  /** Called when the upstream answers with a 2xx head: the request reached the model. */
  onReachedModel?: () => void;
  /** Called with each piece of text as it arrives. */
  onText: (text: string) => void;
  /**
   * `undefined` while whoever reads the text keeps up; else a promise to wait for before the
   * upstream is read again (so a slow client slows the upstream, not the server's memory).
   */
  room?: () => Promise<void> | undefined;
}

// Shared: an Error (and its stack) per attempt only to say "ended" showed in the profile.
const ATTEMPT_ENDED = new ProviderError('aborted', 'The attempt ended.');

function toFailure(error: unknown, afterFirstToken: boolean): AttemptFailure {
  if (error instanceof ProviderError) {
    const failure: AttemptFailure = {
      reason: error.reason,
      afterFirstToken: afterFirstToken || error.afterFirstToken,
      detail: error.message,
    };
    if (error.status !== undefined) failure.status = error.status;
    if (error.retryAfterMs !== undefined) failure.retryAfterMs = error.retryAfterMs;
    if (error.code !== undefined) failure.code = error.code;
    if (error.upstreamMessage !== undefined) failure.upstreamMessage = error.upstreamMessage;
    return failure;
  }
  return { reason: 'unknown', afterFirstToken, detail: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs one attempt of one model: streams the provider's chunks under the header,
 * first-token and idle deadlines, and reports text, usage and the classified failure.
 * The provider's request is aborted whenever the attempt ends without the upstream's terminator.
 */
export async function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  const { clock, timeouts, laneSignal } = input;
  const controller = new AbortController();
  const forward = () => controller.abort(laneSignal.reason);
  if (laneSignal.aborted) forward();
  else laneSignal.addEventListener('abort', forward, { once: true });

  const started = clock.now();
  const result: AttemptResult = { text: '', durationMs: 0 };
  let iterator: AsyncIterator<ProviderChunk[]> | undefined;
  let phase: StreamPhase = 'headers';
  let ended = false;
  const reached = (): void => {
    if (result.reachedModel) return;
    result.reachedModel = true;
    input.onReachedModel?.();
  };
  const take = (chunk: ProviderChunk): void => {
    switch (chunk.type) {
      case 'headers':
        if (phase === 'headers') phase = 'first-token';
        if (chunk.status >= 200 && chunk.status <= 299) reached();
        break;
      case 'text':
        if (chunk.text.length === 0) break;
        // A provider may stream without a `headers` chunk: its text proves the model answered.
        reached();
        if (result.ttftMs === undefined) result.ttftMs = clock.now() - started;
        phase = 'streaming';
        result.text += chunk.text;
        if (chunk.logprob !== undefined) {
          result.logprob ??= { sum: 0, tokens: 0 };
          result.logprob.sum += chunk.logprob;
          result.logprob.tokens += chunk.tokens ?? 1;
        }
        input.onText(chunk.text);
        break;
      case 'usage':
        result.usage = { inputTokens: chunk.inputTokens, outputTokens: chunk.outputTokens };
        break;
      case 'end':
        reached();
        ended = true;
        if (chunk.finishReason !== undefined) result.finishReason = chunk.finishReason;
        break;
    }
  };
  const watchdog = new ChunkWatchdog(clock, controller.signal);
  const silentUntil = started + (input.firstTokenBudgetMs ?? Number.POSITIVE_INFINITY);
  try {
    iterator = input.provider.stream({ ...input.request, signal: controller.signal })[Symbol.asyncIterator]();
    while (!ended) {
      // The wait for room is not the upstream's: no chunk deadline runs during it.
      const full = input.room?.();
      if (full) await untilAborted(full, controller.signal);
      const { ms, reason } = phaseDeadline(phase, timeouts);
      // Before the first token the attempt's budget caps the phase's own deadline.
      // (`phase` moves inside `take`, which TypeScript's narrowing does not see.)
      const wait = (phase as StreamPhase) === 'streaming' ? ms : Math.max(0, Math.min(ms, silentUntil - clock.now()));
      // One wait (and one deadline check) per batch: the chunks of one network read.
      const next = await watchdog.next(iterator, wait, reason);
      if (next.done) break;
      for (const chunk of next.value) if (!ended) take(chunk);
    }
    if (!ended) {
      result.failure = {
        reason: 'incomplete',
        afterFirstToken: result.text.length > 0,
        detail: 'The stream ended without its terminator.',
      };
    }
  } catch (error) {
    // Once the lane aborted (deadline or client), its reason wins over whatever the provider threw.
    const cause = laneSignal.aborted ? laneSignal.reason : error;
    result.failure = toFailure(cause, result.text.length > 0);
  } finally {
    watchdog.dispose();
    laneSignal.removeEventListener('abort', forward);
    // The one rule of the Provider contract: an attempt that ended before the terminator aborts
    // the provider's request; every attempt then finishes the iterator, which releases the rest.
    if (!ended) controller.abort(ATTEMPT_ENDED);
    iterator?.return?.()?.catch(() => {});
    result.durationMs = clock.now() - started;
  }
  return result;
}
