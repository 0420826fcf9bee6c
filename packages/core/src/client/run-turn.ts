import { type ClientEvent, TERMINAL_STATUSES } from '../cascade/answer.js';
import { standingText } from '../cascade/answer-view.js';
import { CascadeError } from '../errors.js';
import type { CascadeRequest } from '../protocol/events.js';
import { type AssistantMessage, type CascadeStore, runningAfter, toChatHistory } from '../store/conversation-store.js';
import { runValidators, untilAborted, type Validator } from '../validate/validators.js';
import { answerCommits } from './answer-commits.js';
import type { CascadeClientOptions } from './cascade-client.js';
import { acceptedByServer, EARLY_ACCEPT_MESSAGE, earlyAcceptValidators, STOP_ACCEPT_MESSAGE } from './early-accept.js';
import type { Scheduler } from './scheduler.js';
import { streamCascadeBatches } from './transport.js';

/** What every turn of one client shares. `options` is read per turn, so getters may change it. */
export interface TurnContext {
  store: CascadeStore;
  options: CascadeClientOptions;
  /** The client's check of the final lane before it replaces the draft. */
  validators: readonly Validator[];
  schedule: Scheduler;
  now: () => number;
}

/**
 * How the client steers one running turn from outside. `runTurn` fills in `accept` and `stop`.
 */
export interface TurnControl {
  /** Aborting it ends the turn at once (a message removed, `clear()`): no draft is kept. */
  readonly abort: AbortController;
  /** Accepts a complete draft (status `accepted`) and cancels the final lane; false when there is none. */
  accept(message: string): boolean;
  /** Stops the turn: a complete draft is kept (accepted by the user), anything else reads `stopped`. */
  stop(): void;
}

/** A control whose `accept` and `stop` only abort until `runTurn` takes it over. */
export function turnControl(): TurnControl {
  const abort = new AbortController();
  return { abort, accept: () => false, stop: () => abort.abort() };
}

/** How a turn that threw ends: stopped by the user, cut off, or failed. */
function endEvent(error: unknown, stopped: boolean): ClientEvent {
  const e =
    error instanceof CascadeError
      ? error
      : new CascadeError('network', 'The request failed before the answer could stream.', { cause: error });
  if (stopped) return { type: 'client-end', outcome: 'stopped', code: 'aborted', message: e.message };
  return {
    type: 'client-end',
    outcome: e.code === 'incomplete' ? 'incomplete' : 'error',
    code: e.code,
    message: e.message,
  };
}

/**
 * Runs the turn of `assistant`: puts it in the store as the active answer, POSTs the history
 * before it and reduces every event into it (status changes only in `reduceAnswer`), checks the
 * final lane with the client's validators and, with `earlyAccept`, accepts the draft. Aborting
 * `abort` stops the turn. Resolves with the settled message; never rejects for a failed answer,
 * which carries its own status and error instead.
 */
export async function runTurn(
  context: TurnContext,
  assistant: AssistantMessage,
  control: TurnControl,
): Promise<AssistantMessage> {
  const { abort } = control;
  const { store, options, now } = context;
  const { signal } = abort;
  const messages = toChatHistory(store.getState(), assistant.id);
  const early = options.earlyAccept;
  const draftChecks = earlyAcceptValidators(early);
  const answer = answerCommits(store, assistant.id, assistant.answer, context.schedule, now);
  // An early-accept verdict is unwanted once the turn ends, however it ends.
  const verdicts = new AbortController();
  const endVerdicts = () => verdicts.abort(signal.reason);
  signal.addEventListener('abort', endVerdicts, { once: true });
  const accept = (message: string, by: 'validation' | 'user') => {
    answer.apply({ type: 'client-accept', message, by });
    // Accepted: the final lane is not wanted any more, so the request goes (the server cancels it).
    const accepted = answer.state.status === 'accepted';
    if (accepted) abort.abort();
    return accepted;
  };
  control.accept = (message) => accept(message, 'user');
  control.stop = () => {
    if (!(standingText(answer.state) && accept(STOP_ACCEPT_MESSAGE, 'user'))) abort.abort();
  };

  store.setState((s) => ({ byId: { ...s.byId, [assistant.id]: assistant }, ...runningAfter(s, assistant.id, true) }));
  try {
    const body: CascadeRequest = { messages };
    if (options.chain !== undefined) body.chain = options.chain;
    if (early === true) body.earlyAccept = true;
    const headers = typeof options.headers === 'function' ? options.headers() : options.headers;
    const stream = streamCascadeBatches({
      endpoint: options.endpoint ?? '/api/cascade',
      body,
      signal,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(headers ? { headers } : {}),
    });
    for await (const batch of stream) {
      for (const event of batch) {
        if (early === true && acceptedByServer(event, answer.state)) {
          answer.apply({ type: 'client-accept', message: event.message, by: 'validation' });
        }
        answer.apply(event);
        if (event.type === 'lane-done' && event.lane === 'draft' && draftChecks.length > 0) {
          // Checked beside the stream: the final lane goes on until the draft passes. A validator
          // that throws leaves the draft unaccepted.
          runValidators(draftChecks, event.text, { signal: verdicts.signal }).then(
            (verdict) => verdict.ok && !verdicts.signal.aborted && accept(EARLY_ACCEPT_MESSAGE, 'validation'),
            () => {},
          );
        }
        if (event.type === 'lane-done' && event.lane === 'final') {
          // Stop ends the turn even while a validator runs, and tells the validator (e.g. one
          // that asks another model) through the signal.
          const verdict = await untilAborted(runValidators(context.validators, event.text, { signal }), signal);
          answer.apply({ type: 'client-validation', lane: 'final', ...verdict });
        }
        options.onEvent?.(event, assistant.id);
      }
    }
  } catch (error) {
    answer.apply(endEvent(error, signal.aborted));
  } finally {
    signal.removeEventListener('abort', endVerdicts);
    verdicts.abort();
    if (!TERMINAL_STATUSES.has(answer.state.status)) {
      answer.apply({
        type: 'client-end',
        outcome: 'incomplete',
        code: 'incomplete',
        message: 'The answer stream ended before it was complete.',
      });
    }
    answer.flush();
    store.setState((s) => (s.running.includes(assistant.id) ? runningAfter(s, assistant.id, false) : {}));
  }
  const stored = store.getState().byId[assistant.id];
  // A message removed meanwhile (edit, retry of an earlier answer, clear) still resolves with how it ended.
  if (stored?.role !== 'assistant') return { ...assistant, answer: answer.state };
  options.onSettled?.(stored);
  return stored;
}
