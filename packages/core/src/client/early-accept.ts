import type { AnswerState } from '../cascade/answer.js';
import type { CascadeEvent } from '../protocol/events.js';
import { asValidators, type Validator } from '../validate/validators.js';

/**
 * Accept the draft early and cancel the final lane, to save its cost. Either way the answer
 * settles as `accepted` (a success, unlike `draft-only`, where the refinement failed).
 * - `true`: the request's `earlyAccept` flag. The server cancels the final lane as soon as the
 *   draft lane completes (its output passed the draft models' validators) and reports the turn's
 *   costs in `settled` as usual.
 * - validators: the client checks the finished draft with them and, when it passes, accepts it and
 *   stops the request (the server cancels the final lane as on any disconnect; no `settled` summary).
 * - `false` (default): the final lane always runs.
 */
export type EarlyAccept = boolean | Validator | readonly Validator[];

/** Why the final lane of an answer the client accepted early was cancelled (the server says the same). */
export const EARLY_ACCEPT_MESSAGE = 'The draft passed validation, so the refinement was cancelled.';

/** The validators the client checks a finished draft with; none for `true` (the server decides) or off. */
export function earlyAcceptValidators(early: EarlyAccept | undefined): readonly Validator[] {
  return typeof early === 'boolean' || early === undefined ? [] : asValidators(early);
}

/**
 * True when `event` is the server ending the final lane because it accepted the draft: with the
 * request's flag set, the final lane is `aborted` after the draft lane completed while the client
 * still listens, and nothing else cancels a lane under a listening client.
 */
export function acceptedByServer(
  event: CascadeEvent,
  answer: AnswerState,
): event is CascadeEvent & { type: 'lane-failed' } {
  return (
    event.type === 'lane-failed' &&
    event.lane === 'final' &&
    event.reason === 'aborted' &&
    answer.draft.status === 'done'
  );
}
