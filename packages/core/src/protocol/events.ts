/**
 * Wire protocol v1: the events a cascade turn streams from server to client.
 *
 * Every event is sent as one Server-Sent Event whose `event:` field equals `type`
 * and whose `data:` field is the JSON encoding of the event object.
 * See `docs/protocol.md` for the narrative description.
 */

/** Version of the wire protocol spoken by this build. Sent in `turn-start`. */
export const PROTOCOL_VERSION = 1 as const;

/** The two lanes of a speculative cascade. A plain fallback chain uses only `final`. */
export type Lane = 'draft' | 'final';

/** All lanes, in display order. */
export const LANES: readonly Lane[] = ['draft', 'final'];

/**
 * Machine-readable reason why an attempt failed. Programs branch on it; the
 * human-readable `message` beside it is for people.
 */
export type FailureReason =
  | 'http-status' // upstream answered with an error status
  | 'network' // connection refused/reset before or during the stream
  | 'timeout-headers' // no response headers in time
  | 'timeout-first-token' // headers came, no first token in time
  | 'timeout-idle' // gap between two chunks too long
  | 'timeout-total' // lane deadline reached
  | 'incomplete' // stream ended without its terminator
  | 'upstream-error' // in-band error event inside a 200 stream
  | 'validation' // output failed a validator
  | 'low-confidence' // confidence below the configured threshold
  | 'breaker-open' // skipped: the model's circuit breaker is open
  | 'aborted' // the client went away or pressed stop
  | 'superseded' // cancelled because the answer settled without it: a lane no longer needed, not a failure
  | 'config' // misconfiguration, e.g. a missing API key
  | 'unknown';

/** One message of the conversation as sent to the server. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Body of `POST /api/cascade`. */
export interface CascadeRequest {
  /** The conversation so far, ending with the user's newest message. */
  messages: ChatMessage[];
  /** Name of a configured chain; the server's default chain when omitted. */
  chain?: string;
  /**
   * Accept the draft early: as soon as the draft lane completes (its output passed the draft
   * models' validators), the server cancels the final lane to save its cost. The final lane then
   * ends with `lane-failed` (reason `aborted`) and `settled` names the draft as the winner.
   */
  earlyAccept?: boolean;
}

/** Token usage of one attempt. `estimated` is true when the provider reported none. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  estimated?: boolean;
}

/** Accounting of one finished attempt (success or failure). */
export interface AttemptReport {
  lane: Lane;
  /** Index of the attempt within its lane, starting at 0 (retries count too). */
  attempt: number;
  model: string;
  outcome: 'ok' | 'failed' | 'skipped';
  reason?: FailureReason;
  /** Milliseconds from attempt start to the first text token, if one arrived. */
  ttftMs?: number;
  durationMs: number;
  usage?: Usage;
  /** Cost in US dollars, when the model has a configured price. */
  costUsd?: number;
}

/** Circuit breaker states as announced to clients. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Summary of a whole turn, carried by `settled`. */
export interface TurnSummary {
  attempts: AttemptReport[];
  /** Total cost of all attempts of the turn, in US dollars. */
  costUsd: number;
  /** What the turn would have cost on the final lane's first model alone, when known. */
  baselineCostUsd?: number;
  durationMs: number;
}

/** `turn-start`: first event of every stream. */
export interface TurnStartEvent {
  type: 'turn-start';
  v: typeof PROTOCOL_VERSION;
  turnId: string;
  chain: string;
  /** Lanes that will run in this turn. */
  lanes: Lane[];
}

/** `attempt-start`: a lane begins an attempt on a model. */
export interface AttemptStartEvent {
  type: 'attempt-start';
  lane: Lane;
  attempt: number;
  model: string;
  provider: string;
}

/** `delta`: text appended to the lane's current attempt. */
export interface DeltaEvent {
  type: 'delta';
  lane: Lane;
  text: string;
}

/** `reset`: the lane discards all of its text so far (it restarts on another model). */
export interface ResetEvent {
  type: 'reset';
  lane: Lane;
  reason: FailureReason;
}

/** `attempt-failed`: an attempt ended in failure. The lane may retry or move on. */
export interface AttemptFailedEvent {
  type: 'attempt-failed';
  lane: Lane;
  attempt: number;
  model: string;
  reason: FailureReason;
  /** Safe, human-readable description. Internals stay in server logs. */
  message: string;
  /** HTTP status of the upstream, when the failure was one. */
  status?: number;
  /** What the lane does next. */
  next: 'retry' | 'fallback' | 'give-up';
  report?: AttemptReport;
}

/** `validation`: result of validating a lane's complete output. */
export interface ValidationEvent {
  type: 'validation';
  lane: Lane;
  model: string;
  ok: boolean;
  /** Which validator decided, e.g. `non-empty`, `json`, `schema`. */
  validator: string;
  message?: string;
}

/** `breaker`: a model's circuit breaker changed state or was consulted. */
export interface BreakerEvent {
  type: 'breaker';
  model: string;
  state: BreakerState;
}

/** `lane-done`: the lane finished with a usable text from `model`. */
export interface LaneDoneEvent {
  type: 'lane-done';
  lane: Lane;
  model: string;
  /** The lane's complete text, for clients that want to verify what they assembled. */
  text: string;
  report?: AttemptReport;
  /**
   * Why the serving model stopped, in its upstream's words (`stop`, `length`, `end_turn`,
   * `max_tokens` …), when the upstream said.
   */
  finishReason?: string;
}

/**
 * What a failed lane's attempts add up to, when one fact decides it: `rate_limited` (every model
 * that was tried answered HTTP 429), `content_filter` (a model's content filter refused the
 * request), `context_length_exceeded` (the conversation is too long for every model that could
 * take it).
 */
export type LaneFailureCode = 'rate_limited' | 'content_filter' | 'context_length_exceeded';

/** `lane-failed`: every model of the lane failed (or the lane was cancelled). */
export interface LaneFailedEvent {
  type: 'lane-failed';
  lane: Lane;
  reason: FailureReason;
  message: string;
  /** What the attempts add up to, when one fact decides it. */
  code?: LaneFailureCode;
  /** With `rate_limited`: the smallest `Retry-After` the upstreams sent, ms. */
  retryAfterMs?: number;
}

/** `settled`: the server's verdict on which lane's text stands. */
export interface SettledEvent {
  type: 'settled';
  /** `null` when no lane produced a usable answer. */
  winner: Lane | null;
  /** Serving model of the winning lane. */
  model?: string;
  summary: TurnSummary;
}

/** `error`: the turn cannot proceed at all (bad configuration, internal error). */
export interface ErrorEvent {
  type: 'error';
  code: string;
  message: string;
}

/** `done`: the last event of every complete stream. A stream without it is incomplete. */
export interface DoneEvent {
  type: 'done';
}

/** Any event of wire protocol v1. */
export type CascadeEvent =
  | TurnStartEvent
  | AttemptStartEvent
  | DeltaEvent
  | ResetEvent
  | AttemptFailedEvent
  | ValidationEvent
  | BreakerEvent
  | LaneDoneEvent
  | LaneFailedEvent
  | SettledEvent
  | ErrorEvent
  | DoneEvent;

/** The `type` of any event. */
export type CascadeEventType = CascadeEvent['type'];
