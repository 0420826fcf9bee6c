import { type ClientEvent, TERMINAL_STATUSES } from '../cascade/answer.js';
import { CascadeError } from '../errors.js';
import type { CascadeRequest } from '../protocol/events.js';
import { type AssistantMessage, type CascadeStore, toChatHistory } from '../store/conversation-store.js';
import { runValidators, untilAborted, type Validator } from '../validate/validators.js';
import { answerCommits } from './answer-commits.js';
import type { CascadeClientOptions } from './cascade-client.js';
import { acceptedByServer, EARLY_ACCEPT_MESSAGE, earlyAcceptValidators } from './early-accept.js';
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
  abort: AbortController,
): Promise<AssistantMessage> {
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
  const accept = () => {
    answer.apply({ type: 'client-accept', message: EARLY_ACCEPT_MESSAGE });
    // Accepted: the final lane is not wanted any more, so the request goes (the server cancels it).
    if (answer.state.status === 'accepted') abort.abort();
  };

  store.setState((s) => ({ byId: { ...s.byId, [assistant.id]: assistant }, activeId: assistant.id }));
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
          answer.apply({ type: 'client-accept', message: event.message });
        }
        answer.apply(event);
        if (event.type === 'lane-done' && event.lane === 'draft' && draftChecks.length > 0) {
          // Checked beside the stream: the final lane goes on until the draft passes. A validator
          // that throws leaves the draft unaccepted.
          runValidators(draftChecks, event.text, { signal: verdicts.signal }).then(
            (verdict) => verdict.ok && !verdicts.signal.aborted && accept(),
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
    store.setState((s) => (s.activeId === assistant.id ? { activeId: null } : {}));
  }
  const settled = store.getState().byId[assistant.id] as AssistantMessage;
  options.onSettled?.(settled);
  return settled;
}
