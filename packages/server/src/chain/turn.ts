import type { AttemptReport, CascadeEvent, ChatMessage, Lane } from '@cascadekit/core';
import { PROTOCOL_VERSION } from '@cascadekit/core';
import { summarizeTurn } from '../policies/accounting.js';
import { ProviderError } from '../providers/types.js';
import { estimateMessageTokens } from '../tokens.js';
import { DRAFT_ACCEPTED, type LaneOutcome, runLane } from './lane.js';
import { callHook, type ResolvedChain, type Runtime } from './resolved.js';
import { TurnEventQueue, type TurnEvents } from './turn-events.js';

// Shared abort reasons: an Error per turn only to say "ended" is measurable at load.
const TURN_ENDED = new ProviderError('aborted', 'The turn ended.');
const CLIENT_GONE = new ProviderError('aborted', 'The client went away.');
const CLIENT_TOO_SLOW = new ProviderError('aborted', 'The client read too slowly.');

/** Inputs of {@link runTurn}. */
export interface TurnInput {
  turnId: string;
  chain: ResolvedChain;
  messages: ChatMessage[];
  /** The request's signal: aborting it (client gone, stop) aborts every upstream attempt. */
  signal: AbortSignal;
  runtime: Runtime;
  /** Run only these of the chain's lanes. Default: every configured lane. */
  lanes?: readonly Lane[];
  /** Cancel the final lane as soon as the draft lane completes (see `CascadeRequest.earlyAccept`). */
  earlyAccept?: boolean;
  /** Called once when the turn has ended, every lane and upstream call included (the guard frees its slots). */
  onEnd?: () => void;
}

/**
 * Runs one turn: the chain's lanes in parallel, then the verdict. Its events (protocol v1):
 * `turn-start`, each lane's events interleaved, `settled`, `done`. Cancelling them (the
 * response body was cancelled) aborts the turn at once, like the request's signal does.
 */
export function runTurn(input: TurnInput): TurnEvents {
  const { chain, runtime, turnId } = input;
  const controller = new AbortController();
  const abort = () => controller.abort(CLIENT_GONE);
  const channel = new TurnEventQueue(
    (slow) => {
      if (!slow) return abort();
      runtime.logger.warn('cascadekit: a client left its answer unread too long; it is disconnected', {
        turnId,
        waitedMs: slow.waitedMs,
      });
      controller.abort(CLIENT_TOO_SLOW);
    },
    { clock: runtime.clock, maxBufferedBytes: runtime.maxBufferedBytes, slowClientMs: runtime.slowClientMs },
  );
  if (input.signal.aborted) abort();
  else input.signal.addEventListener('abort', abort, { once: true });

  const lanes = (['draft', 'final'] as const).filter(
    (lane) => (chain.lanes[lane]?.length ?? 0) > 0 && (input.lanes === undefined || input.lanes.includes(lane)),
  );
  const earlyAccept = input.earlyAccept === true && lanes.includes('draft') && lanes.includes('final');
  // With early accept the final lane listens to its own signal, so an accepted draft can end it alone.
  const finalController = earlyAccept ? new AbortController() : undefined;
  const forward = () => finalController?.abort(controller.signal.reason);
  if (finalController) {
    if (controller.signal.aborted) forward();
    else controller.signal.addEventListener('abort', forward, { once: true });
  }
  const finalSignal = finalController ? finalController.signal : controller.signal;
  const attempts: AttemptReport[] = [];
  const started = runtime.clock.now();
  const budget = { remainingMs: chain.retryBudgetMs };

  const run = async () => {
    channel.push({ type: 'turn-start', v: PROTOCOL_VERSION, turnId, chain: chain.name, lanes: [...lanes] });
    const outcomes = await Promise.all(
      lanes.map((lane) =>
        runLane({
          lane,
          models: chain.lanes[lane] ?? [],
          chain,
          messages: input.messages,
          turnSignal: lane === 'final' ? finalSignal : controller.signal,
          runtime,
          budget,
          emit: (event) => channel.push(event),
          room: () => channel.room(),
          report(report) {
            attempts.push(report);
            callHook(runtime.logger, 'onAttempt', runtime.onAttempt, { turnId, chain: chain.name, report });
          },
        }).then((outcome): [Lane, LaneOutcome] => {
          if (lane === 'draft' && outcome.ok) finalController?.abort(DRAFT_ACCEPTED);
          return [lane, outcome];
        }),
      ),
    );
    const byLane = new Map(outcomes);
    const winner: Lane | null = byLane.get('final')?.ok ? 'final' : byLane.get('draft')?.ok ? 'draft' : null;
    const served = winner ? byLane.get(winner) : undefined;
    const baselineModel = chain.lanes.final?.[0];
    const summary = summarizeTurn({
      attempts,
      durationMs: runtime.clock.now() - started,
      baseline: {
        ...(baselineModel?.price ? { price: baselineModel.price } : {}),
        inputTokens: served?.served?.usage?.inputTokens ?? estimateMessageTokens(input.messages),
        outputTokens: served?.served?.usage?.outputTokens ?? 0,
      },
    });
    const settled: CascadeEvent = { type: 'settled', winner, summary };
    if (served?.model !== undefined) settled.model = served.model;
    channel.push(settled);
    const hook: Parameters<NonNullable<Runtime['onSettled']>>[0] = { turnId, chain: chain.name, winner, summary };
    if (served?.model !== undefined) hook.model = served.model;
    callHook(runtime.logger, 'onSettled', runtime.onSettled, hook);
    channel.push({ type: 'done' });
  };

  run()
    .catch((error: unknown) => {
      runtime.logger.error('cascadekit: the turn failed', { turnId, error: String(error) });
      channel.push({ type: 'error', code: 'internal', message: 'The server could not complete this answer.' });
      channel.push({ type: 'done' });
    })
    .finally(() => {
      input.signal.removeEventListener('abort', abort);
      controller.signal.removeEventListener('abort', forward);
      controller.abort(TURN_ENDED);
      channel.close();
      input.onEnd?.();
    });

  return channel;
}
