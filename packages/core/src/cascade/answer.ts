import type {
  AttemptReport,
  BreakerState,
  CascadeEvent,
  FailureReason,
  Lane,
  TurnSummary,
} from '../protocol/events.js';
import { answerText } from './answer-view.js';

/**
 * Where an answer stands, as a user sees it.
 * - `pending`: sent, nothing streamed yet.
 * - `drafting`: the draft lane is streaming.
 * - `streaming`: a single-lane turn (no draft) is streaming its only answer.
 * - `refining`: the draft is complete (or failed); the final lane is still working.
 * - `final`: the final lane's validated text stands.
 * - `draft-only`: the final lane failed or was rejected; the draft stands (a fallback).
 * - `accepted`: the draft was accepted early (`earlyAccept`) and the final lane cancelled: the
 *   draft stands as a success, not because the refinement failed.
 * - `error`: no lane produced a usable answer, or the request failed.
 * - `stopped`: the user stopped the turn; partial text is kept but marked.
 * - `incomplete`: the stream broke off before it was complete.
 * - `interrupted`: the page was closed or reloaded while the turn ran (a conversation restored by
 *   `persist`); its partial text is kept but marked, and `retry` runs the turn again.
 */
export type AnswerStatus =
  | 'pending'
  | 'drafting'
  | 'streaming'
  | 'refining'
  | 'final'
  | 'draft-only'
  | 'accepted'
  | 'error'
  | 'stopped'
  | 'incomplete'
  | 'interrupted';

/** Statuses after which an answer no longer changes. */
export const TERMINAL_STATUSES: ReadonlySet<AnswerStatus> = new Set<AnswerStatus>([
  'final',
  'draft-only',
  'accepted',
  'error',
  'stopped',
  'incomplete',
  'interrupted',
]);

/** One attempt of a lane as the client saw it. */
export interface AttemptInfo {
  attempt: number;
  model: string;
  provider: string;
  outcome: 'running' | 'ok' | 'failed';
  reason?: FailureReason;
  message?: string;
  next?: 'retry' | 'fallback' | 'give-up';
  report?: AttemptReport;
  /** Epoch ms (client clock) when the attempt started, its first token arrived and it ended. */
  startedAt?: number;
  firstTokenAt?: number;
  endedAt?: number;
}

/** State of one lane of an answer. */
export interface LaneState {
  status: 'idle' | 'streaming' | 'done' | 'failed';
  /** Text of the lane's current attempt (cleared by `reset`). */
  text: string;
  /** Model of the current attempt, or the serving model once done. */
  model?: string;
  attempts: AttemptInfo[];
  failure?: { reason: FailureReason; message: string };
  validation?: { ok: boolean; validator: string; message?: string };
}

/** A client-side error attached to an answer. */
export interface AnswerError {
  code: string;
  message: string;
}

/** Everything the client knows about one assistant answer. */
export interface AnswerState {
  status: AnswerStatus;
  turnId?: string;
  chain?: string;
  /** Lanes that run in this turn (from `turn-start`). */
  lanes: Lane[];
  draft: LaneState;
  final: LaneState;
  error?: AnswerError;
  summary?: TurnSummary;
  breakers: Record<string, BreakerState>;
  /** Epoch milliseconds of send, first visible token and settlement. */
  startedAt: number;
  firstTokenAt?: number;
  settledAt?: number;
  /**
   * Who accepted the draft of an `accepted` answer: `validation` (early accept: it passed the
   * check) or `user` (stop, or the next message with `whileRefining: 'accept-draft'`).
   */
  acceptedBy?: AcceptedBy;
}

/** Who accepted a draft early, see {@link AnswerState.acceptedBy}. */
export type AcceptedBy = 'validation' | 'user';

/**
 * Events the client feeds the reducer besides protocol events.
 * - `client-validation`: the client's verdict on a lane's complete text.
 * - `client-accept`: the draft is accepted early (`earlyAccept`); the final lane is cancelled.
 * - `client-end`: the turn ended on the client's side (stop, a broken or truncated stream, or a
 *   page closed mid-turn: `interrupted`, applied when a saved conversation is restored).
 */
export type ClientEvent =
  | { type: 'client-validation'; lane: Lane; ok: boolean; validator: string; message?: string }
  | { type: 'client-accept'; message: string; by: AcceptedBy }
  | { type: 'client-end'; outcome: EndOutcome; code: string; message: string };

/** How a turn ended on the client's side, see {@link ClientEvent}. */
export type EndOutcome = 'stopped' | 'incomplete' | 'error' | 'interrupted';

function emptyLane(): LaneState {
  return { status: 'idle', text: '', attempts: [] };
}

/** A fresh answer, as created when the user sends a message. */
export function createAnswer(now: number): AnswerState {
  return {
    status: 'pending',
    lanes: ['draft', 'final'],
    draft: emptyLane(),
    final: emptyLane(),
    breakers: {},
    startedAt: now,
  };
}

function withLane(answer: AnswerState, lane: Lane, patch: Partial<LaneState>): AnswerState {
  return { ...answer, [lane]: { ...answer[lane], ...patch } };
}

function updateAttempt(lane: LaneState, attempt: number, patch: Partial<AttemptInfo>): AttemptInfo[] {
  return lane.attempts.map((a) => (a.attempt === attempt ? { ...a, ...patch } : a));
}

/** The lane's running attempts end as failed for `failure` (the lane was cancelled or gave up). */
function endRunning(lane: LaneState, failure: { reason: FailureReason; message: string }, now: number): AttemptInfo[] {
  return lane.attempts.map((a) =>
    a.outcome === 'running' ? { ...a, outcome: 'failed', ...failure, endedAt: now } : a,
  );
}

/** Events still recorded after an answer settled (see `reduceAnswer`). */
const LATE_EVENTS: ReadonlySet<string> = new Set(['attempt-failed', 'lane-failed', 'lane-done', 'settled']);

/** A final lane's text is accepted only after it has passed client validation. */
function finalAccepted(answer: AnswerState): boolean {
  return answer.final.status === 'done' && answer.final.validation?.ok === true;
}

function draftUsable(answer: AnswerState): boolean {
  return answer.draft.status === 'done' && answer.draft.text.trim().length > 0;
}

/**
 * Recomputes `status` from the lanes. Statuses are derived, never stored independently, so no
 * sequence of events can leave them contradicting the lanes; the lane whose text is the answer
 * is derived from both by `answerLane`.
 */
function derive(answer: AnswerState, now: number): AnswerState {
  if (TERMINAL_STATUSES.has(answer.status)) return answer;
  let status: AnswerStatus;
  if (finalAccepted(answer)) {
    status = 'final';
  } else if (!answer.lanes.includes('draft')) {
    const f = answer.final;
    status = f.status === 'failed' ? 'error' : f.text ? 'streaming' : 'pending';
  } else {
    const d = answer.draft;
    const finalOpen = answer.final.status === 'idle' || answer.final.status === 'streaming';
    const finalValidating = answer.final.status === 'done' && answer.final.validation === undefined;
    if (d.status === 'streaming' || (d.status === 'idle' && d.text)) status = 'drafting';
    else if (d.status === 'idle') status = 'pending';
    else if (finalOpen || finalValidating) status = 'refining';
    else status = draftUsable(answer) ? 'draft-only' : 'error';
  }
  const next: AnswerState = { ...answer, status };
  if (next.firstTokenAt === undefined && answerText(next)) next.firstTokenAt = now;
  if (TERMINAL_STATUSES.has(status)) next.settledAt = now;
  return next;
}

/**
 * Pure reducer of one answer: applies a protocol event (or a client event) and
 * returns the next state. Unknown or late events leave a settled answer unchanged.
 */
export function reduceAnswer(answer: AnswerState, event: CascadeEvent | ClientEvent, now: number): AnswerState {
  const settled = TERMINAL_STATUSES.has(answer.status);
  // After an answer settled, only the trace of a lane still ending (a lane no longer needed,
  // cancelled as `superseded`, or one finishing late) and the summary are recorded: `derive`
  // keeps a settled status, and `lane-done` keeps the text that was shown.
  if (settled && !LATE_EVENTS.has(event.type)) return answer;
  switch (event.type) {
    case 'turn-start':
      return derive({ ...answer, turnId: event.turnId, chain: event.chain, lanes: event.lanes }, now);
    case 'attempt-start': {
      const lane = answer[event.lane];
      const info: AttemptInfo = {
        attempt: event.attempt,
        model: event.model,
        provider: event.provider,
        outcome: 'running',
        startedAt: now,
      };
      return derive(
        withLane(answer, event.lane, { status: 'streaming', model: event.model, attempts: [...lane.attempts, info] }),
        now,
      );
    }
    case 'delta': {
      const lane = answer[event.lane];
      const patch: Partial<LaneState> = { text: lane.text + event.text };
      const last = lane.attempts[lane.attempts.length - 1];
      if (last && last.firstTokenAt === undefined)
        patch.attempts = updateAttempt(lane, last.attempt, { firstTokenAt: now });
      return derive(withLane(answer, event.lane, patch), now);
    }
    case 'reset':
      return derive(withLane(answer, event.lane, { text: '' }), now);
    case 'attempt-failed': {
      const lane = answer[event.lane];
      const patch: Partial<AttemptInfo> = {
        outcome: 'failed',
        reason: event.reason,
        message: event.message,
        next: event.next,
        endedAt: now,
      };
      if (event.report) patch.report = event.report;
      return withLane(answer, event.lane, { attempts: updateAttempt(lane, event.attempt, patch) });
    }
    case 'validation':
      // The server's verdict on one model's output; the client validates the lane itself too.
      return answer;
    case 'breaker':
      return { ...answer, breakers: { ...answer.breakers, [event.model]: event.state } };
    case 'lane-done': {
      const lane = answer[event.lane];
      const last = lane.attempts[lane.attempts.length - 1];
      const attempts =
        last === undefined
          ? lane.attempts
          : updateAttempt(
              lane,
              last.attempt,
              event.report ? { outcome: 'ok', report: event.report, endedAt: now } : { outcome: 'ok', endedAt: now },
            );
      // The server's full text wins over what we assembled: it is the lane's source of truth.
      const patch: Partial<LaneState> = {
        status: 'done',
        text: settled ? lane.text : event.text,
        model: event.model,
        attempts,
      };
      if (event.lane === 'draft') patch.validation = { ok: true, validator: 'server' };
      return derive(withLane(answer, event.lane, patch), now);
    }
    case 'lane-failed': {
      const failure = { reason: event.reason, message: event.message };
      const attempts = endRunning(answer[event.lane], failure, now);
      return derive(withLane(answer, event.lane, { status: 'failed', failure, attempts }), now);
    }
    case 'client-validation': {
      const validation: LaneState['validation'] = { ok: event.ok, validator: event.validator };
      if (event.message !== undefined) validation.message = event.message;
      const patch: Partial<LaneState> = { validation };
      if (!event.ok) {
        patch.status = 'failed';
        patch.failure = { reason: 'validation', message: event.message ?? 'The answer failed validation.' };
      }
      return derive(withLane(answer, event.lane, patch), now);
    }
    case 'client-accept':
      return acceptDraft(answer, event.message, event.by, now);
    case 'settled':
      return { ...answer, summary: event.summary };
    case 'error':
      return endAnswer(answer, 'error', event.code, event.message, now);
    case 'done': {
      if (TERMINAL_STATUSES.has(answer.status)) return answer;
      // `done` with lanes still open means the server gave up on them.
      const closed = (l: LaneState): LaneState => {
        if (!(l.status === 'idle' || l.status === 'streaming' || (l.status === 'done' && !l.validation))) return l;
        const failure = l.failure ?? { reason: 'incomplete' as const, message: 'The lane did not finish.' };
        return { ...l, status: 'failed', failure, attempts: endRunning(l, failure, now) };
      };
      const draftKept = answer.draft.status === 'done' ? answer.draft : closed(answer.draft);
      const settled = derive({ ...answer, draft: draftKept, final: closed(answer.final) }, now);
      return TERMINAL_STATUSES.has(settled.status) ? settled : { ...settled, status: 'error', settledAt: now };
    }
    case 'client-end':
      return endAnswer(answer, event.outcome, event.code, event.message, now);
  }
}

function endAnswer(answer: AnswerState, outcome: EndOutcome, code: string, message: string, now: number): AnswerState {
  if (TERMINAL_STATUSES.has(answer.status)) return answer;
  // Attempts still running end with the turn, so no trace shows one running forever. The lanes
  // keep their status: a stopped draft's partial text stays readable, marked stopped.
  const failure = {
    reason:
      outcome === 'incomplete'
        ? ('incomplete' as const)
        : outcome === 'error'
          ? ('unknown' as const)
          : ('aborted' as const),
    message,
  };
  const ended: AnswerState = {
    ...answer,
    draft: { ...answer.draft, attempts: endRunning(answer.draft, failure, now) },
    final: { ...answer.final, attempts: endRunning(answer.final, failure, now) },
    error: { code, message },
    settledAt: now,
  };
  // A complete draft still stands when only the refinement failed; a truncated or
  // stopped stream is always marked as such, never shown as finished.
  if (outcome === 'error' && draftUsable(answer) && !finalAccepted(answer)) return { ...ended, status: 'draft-only' };
  return { ...ended, status: outcome };
}

/**
 * The draft stands as accepted and the final lane is cancelled: its running attempts end as
 * `aborted` with `message`, so the trace says why. Only a complete, usable draft can be accepted
 * (and, as for every event, only before the answer settled: the final may have won meanwhile).
 */
function acceptDraft(answer: AnswerState, message: string, by: AcceptedBy, now: number): AnswerState {
  if (!draftUsable(answer)) return answer;
  const failure = { reason: 'aborted' as const, message };
  const attempts = endRunning(answer.final, failure, now);
  return {
    ...answer,
    status: 'accepted',
    acceptedBy: by,
    final: { ...answer.final, status: 'failed', failure, attempts },
    settledAt: now,
  };
}
