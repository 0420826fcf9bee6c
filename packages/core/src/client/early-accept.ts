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

/** Why the final lane was cancelled when the user stopped an answer whose draft was complete. */
export const STOP_ACCEPT_MESSAGE = 'Stopped before it was improved; the complete quick answer stands.';

/** Why the final lane was cancelled when the next message accepted the draft (`whileRefining: 'accept-draft'`). */
export const NEXT_MESSAGE_ACCEPT_MESSAGE =
  'The next message was sent, so the quick answer stands and improving it stopped.';

/** The validators the client checks a finished draft with; none for `true` (the server decides) or off. */
export function earlyAcceptValidators(early: EarlyAccept | undefined): readonly Validator[] {
  return typeof early === 'boolean' || early === undefined ? [] : asValidators(early);
}

/**
 * True when `event` is the server ending the final lane because it accepted the draft: with the
 * request's flag set, the final lane is cancelled (`aborted`, or `superseded`: no longer needed)
 * after the draft lane completed while the client still listens, and nothing else cancels a lane
 * under a listening client.
 */
export function acceptedByServer(
  event: CascadeEvent,
  answer: AnswerState,
): event is CascadeEvent & { type: 'lane-failed' } {
  return (
    event.type === 'lane-failed' &&
    event.lane === 'final' &&
    (event.reason === 'aborted' || event.reason === 'superseded') &&
    answer.draft.status === 'done'
  );
}
