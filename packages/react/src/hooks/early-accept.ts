import {
  type AnswerState,
  type AssistantMessage,
  type CascadeClient,
  type CascadeEvent,
  runValidators,
  type Validator,
} from '@cascadekit/core';

/**
 * Accept the draft early and cancel the final lane, to save its cost. `true` asks the server
 * (the request's `earlyAccept` flag: the final lane is cancelled once the draft lane completes,
 * and the turn's cost summary arrives as usual); validators are checked by the client on the
 * finished draft, which then stops the turn.
 */
export type EarlyAccept = boolean | Validator | readonly Validator[];

/** The reason shown on an answer whose refinement was cancelled because the draft passed. */
export const EARLY_ACCEPT_MESSAGE = 'The draft passed validation, so the refinement was cancelled.';

/** Validators the client checks itself; `true` and `false` leave it to the server (or off). */
function validatorsOf(early: EarlyAccept): readonly Validator[] {
  if (typeof early === 'boolean') return [];
  return Array.isArray(early) ? (early as readonly Validator[]) : [early as Validator];
}

/** The stopped answer rewritten as a draft that stands, with the final lane marked cancelled. */
export function acceptDraft(answer: AnswerState): AnswerState {
  const { error: _stopped, ...rest } = answer;
  return {
    ...rest,
    status: 'draft-only',
    shown: 'draft',
    final: { ...answer.final, status: 'failed', failure: { reason: 'aborted', message: EARLY_ACCEPT_MESSAGE } },
  };
}

/**
 * Client callbacks that implement `earlyAccept` on top of core's client: when the draft
 * lane is done and passes, the turn is stopped (the server cancels the final lane as the
 * request goes away) and the stopped answer is rewritten as an accepted draft.
 * Core has no "cancel only the final lane" yet; see packages/react/README.md.
 * @internal
 */
export function earlyAcceptCallbacks(
  getClient: () => CascadeClient,
  getOptions: () => { earlyAccept?: EarlyAccept; validate?: Validator | readonly Validator[] },
) {
  const accepted = new Set<string>();
  return {
    onEvent(event: CascadeEvent, id: string) {
      const { earlyAccept } = getOptions();
      if (!earlyAccept || event.type !== 'lane-done' || event.lane !== 'draft') return;
      const validators = validatorsOf(earlyAccept);
      if (validators.length === 0) return;
      void runValidators(validators, event.text).then((verdict) => {
        const client = getClient();
        const state = client.store.getState();
        const message = state.byId[id];
        // Too late when the turn ended meanwhile or the final answer already stands.
        if (!verdict.ok || state.activeId !== id || message?.role !== 'assistant') return;
        if (message.answer.status === 'final') return;
        accepted.add(id);
        client.stop();
      });
    },
    onSettled(message: AssistantMessage) {
      if (!accepted.delete(message.id)) return;
      getClient().store.setState((s) => {
        const current = s.byId[message.id];
        if (current?.role !== 'assistant' || current.answer.status !== 'stopped') return {};
        return { byId: { ...s.byId, [message.id]: { ...current, answer: acceptDraft(current.answer) } } };
      });
    },
  };
}
