import type { Lane } from '../protocol/events.js';
import type { AnswerState } from './answer.js';

/**
 * When the final lane's text takes over the view.
 * - `on-validated`: only after it finished and passed validation (default).
 * - `stream`: while it streams, as soon as its text has overtaken the draft's.
 */
export type RevealMode = 'on-validated' | 'stream';

/**
 * The answer lane: the lane whose text is the answer right now, or `null` before any usable text.
 * The draft while it streams and while the final lane refines it; the final lane once its text
 * passed validation. A lane that failed keeps its partial text for the trace but is never the
 * answer lane. With `reveal: 'stream'` the final lane takes over while it streams, once its text
 * is at least as long as the draft's (and the view falls back to the draft if it is rejected).
 * Pure: every UI derives it the same way.
 *
 * @example
 * ```ts
 * const lane = answerLane(message.answer); // 'draft' | 'final' | null
 * ```
 */
export function answerLane(answer: AnswerState, reveal: RevealMode = 'on-validated'): Lane | null {
  const { draft, final } = answer;
  if (reveal === 'stream' && answer.settledAt === undefined) {
    const finalAlive = final.status === 'streaming' || (final.status === 'done' && final.validation === undefined);
    if (finalAlive && final.text.length > 0 && final.text.length >= draft.text.length) return 'final';
  }
  if (answer.status === 'final') return 'final';
  if (!answer.lanes.includes('draft')) return final.text && final.status !== 'failed' ? 'final' : null;
  return draft.text && draft.status !== 'failed' ? 'draft' : null;
}

/**
 * The text of the {@link answerLane}: what a plain renderer shows as the answer (before merging
 * draft and final), and what is sent back as history once the answer stands.
 *
 * @example
 * ```ts
 * const settled = await client.send('Hi');
 * console.log(answerText(settled.answer));
 * ```
 */
export function answerText(answer: AnswerState, reveal: RevealMode = 'on-validated'): string {
  const lane = answerLane(answer, reveal);
  return lane ? answer[lane].text : '';
}

/**
 * Upgraded: the final lane's validated text replaced a draft that had text (status `final` and a
 * non-empty draft). Only then is there something to merge (`append`, `diff`) or mark "upgraded".
 */
export function isUpgraded(answer: AnswerState): boolean {
  return answer.status === 'final' && answer.draft.text.length > 0;
}

/**
 * The text that stands for the answer now, as the conversation's history holds it: a settled
 * answer's text (`final`, `draft-only`, `accepted`), or the complete draft while the final lane
 * still refines it. `''` while nothing is readable yet (pending, a draft still streaming) and for
 * answers that never stood (stopped, incomplete, error): partial text is never history.
 *
 * @example
 * ```ts
 * standingText(message.answer); // '' | the draft | the final text
 * ```
 */
export function standingText(answer: AnswerState): string {
  const { status } = answer;
  if (status === 'final' || status === 'draft-only' || status === 'accepted') return answerText(answer);
  return status === 'refining' && answer.draft.status === 'done' ? answer.draft.text : '';
}
