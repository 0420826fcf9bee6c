import type { AttemptReport, CascadeEvent, ChatMessage, Lane } from '@cascadekit/core';
import { PROTOCOL_VERSION } from '@cascadekit/core';
import type { FailoverPolicy } from '../config/types.js';
import { summarizeTurn } from '../policies/accounting.js';
import { ProviderError } from '../providers/types.js';
import type { TurnEndCause, TurnWatcher } from '../telemetry/types.js';
import { estimateMessageTokens } from '../tokens.js';
import { DRAFT_ACCEPTED, FINAL_SETTLED, type LaneOutcome, runLane } from './lane.js';
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
  /** The lanes' mid-stream handover, instead of the chain's. */
  failover?: FailoverPolicy;
  /** Called when an attempt's upstream answers with a 2xx head (the cascade route then sends its head). */
  onReachedModel?: () => void;
  /** Called once when the turn has ended, every lane and upstream call included (the guard frees its slots). */
  onEnd?: () => void;
  /** Telemetry of the turn, given the lanes it runs: it sees every event and the turn's end. */
  watch?: (lanes: readonly Lane[]) => TurnWatcher | undefined;
}

/**
 * Each lane listens to a signal of its own, which the turn's aborts (client gone, body
 * cancelled); the turn aborts one alone when the answer settled without it (`superseded`).
 */
function laneSignals(turn: AbortSignal): {
  signals: Record<Lane, AbortSignal>;
  supersede(lane: Lane, why: Error): void;
  dispose(): void;
} {
  const controllers = { draft: new AbortController(), final: new AbortController() };
  const forward = () => {
    controllers.draft.abort(turn.reason);
    controllers.final.abort(turn.reason);
  };
  if (turn.aborted) forward();
  else turn.addEventListener('abort', forward, { once: true });
  return {
    signals: { draft: controllers.draft.signal, final: controllers.final.signal },
    supersede: (lane, why) => controllers[lane].abort(why),
    dispose: () => turn.removeEventListener('abort', forward),
  };
}

/** Why the turn ended, read before the turn's own `TURN_ENDED` abort. */
function endCause(failed: boolean, signal: AbortSignal): TurnEndCause {
  if (failed) return 'error';
  if (!signal.aborted) return 'completed';
  return signal.reason === CLIENT_TOO_SLOW ? 'slow-client' : 'aborted';
}

/**
 * Runs one turn: the chain's lanes in parallel, then the verdict. Its events (protocol v1):
 * `turn-start`, each lane's events interleaved, `settled`, `done`. Cancelling them (the
 * response body was cancelled) aborts the turn at once, like the request's signal does.
 *
 * No lane outlives the answer: once the final lane is done (its output passed the server's
 * validators) while the draft still runs, or the draft stands (`earlyAccept`) while the final
 * still runs, the other lane is cancelled at once (`superseded`: its upstream calls are aborted,
 * its running attempt is reported with the tokens it was billed for) and `settled` follows as
 * soon as it has ended.
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
  const watcher = input.watch?.(lanes);
  const push = watcher
    ? (event: CascadeEvent) => {
        watcher.event(event);
        channel.push(event);
      }
    : (event: CascadeEvent) => channel.push(event);
  const around = watcher?.attempt ? watcher.attempt.bind(watcher) : undefined;
  let failed = false;
  const laneSignal = laneSignals(controller.signal);
  const attempts: AttemptReport[] = [];
  const started = runtime.clock.now();
  const budget = { remainingMs: chain.retryBudgetMs };

  const run = async () => {
    push({ type: 'turn-start', v: PROTOCOL_VERSION, turnId, chain: chain.name, lanes: [...lanes] });
    const outcomes = await Promise.all(
      lanes.map((lane) =>
        runLane({
          lane,
          models: chain.lanes[lane] ?? [],
          chain,
          messages: input.messages,
          turnSignal: laneSignal.signals[lane],
          runtime,
          budget,
          emit: push,
          room: () => channel.room(),
          ...(input.failover ? { failover: input.failover } : {}),
          ...(input.onReachedModel ? { onReachedModel: input.onReachedModel } : {}),
          ...(around ? { aroundAttempt: (attempt, call) => around(lane, attempt, call) } : {}),
          report(report) {
            attempts.push(report);
            callHook(runtime.logger, 'onAttempt', runtime.onAttempt, { turnId, chain: chain.name, report });
          },
        }).then((outcome): [Lane, LaneOutcome] => {
          // The answer settled without the other lane (a no-op when that lane has ended).
          if (lane === 'final' && outcome.ok) laneSignal.supersede('draft', FINAL_SETTLED);
          if (lane === 'draft' && outcome.ok && earlyAccept) laneSignal.supersede('final', DRAFT_ACCEPTED);
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
    push(settled);
    const hook: Parameters<NonNullable<Runtime['onSettled']>>[0] = { turnId, chain: chain.name, winner, summary };
    if (served?.model !== undefined) hook.model = served.model;
    callHook(runtime.logger, 'onSettled', runtime.onSettled, hook);
    push({ type: 'done' });
  };

  run()
    .catch((error: unknown) => {
      failed = true;
      runtime.logger.error('cascadekit: the turn failed', { turnId, error: String(error) });
      push({ type: 'error', code: 'internal', message: 'The server could not complete this answer.' });
      push({ type: 'done' });
    })
    .finally(() => {
      input.signal.removeEventListener('abort', abort);
      laneSignal.dispose();
      const cause = endCause(failed, controller.signal);
      controller.abort(TURN_ENDED);
      channel.close();
      input.onEnd?.();
      watcher?.end({ cause });
    });

  return channel;
}
