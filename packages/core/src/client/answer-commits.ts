import { type AnswerState, type ClientEvent, reduceAnswer } from '../cascade/answer.js';
import type { CascadeEvent, Lane } from '../protocol/events.js';
import type { CascadeStore } from '../store/conversation-store.js';
import type { Scheduler } from './scheduler.js';

/** One answer during its turn, see {@link answerCommits}. */
export interface AnswerCommits {
  /** The answer with every event applied so far (the store may lag behind by a batch of tokens). */
  readonly state: AnswerState;
  /** Reduces an event into the answer and commits it: tokens batched, anything else at once. */
  apply(event: CascadeEvent | ClientEvent): void;
  /** Commits the answer now, cancelling a pending batch. */
  flush(): void;
}

/**
 * Reduces every event of one answer at once and commits the result to the store through
 * `schedule`: a fast stream costs one store update (and one render) per batch of tokens, while
 * milestones (attempt start, lane done, settled, errors) commit at once, so state changes are
 * never delayed (a token for a settled answer changes nothing: the reducer ignores it).
 * Consecutive deltas of one lane are reduced as one delta of their joined text, timed at the
 * first (the same state as one by one: a delta only appends text and marks the first token),
 * when anything reads or commits the answer or another event comes, so a burst costs one
 * reduction per lane and batch, not one per token. A message removed meanwhile (`clear()`) is
 * left removed.
 */
export function answerCommits(
  store: CascadeStore,
  id: string,
  initial: AnswerState,
  schedule: Scheduler,
  now: () => number,
): AnswerCommits {
  let answer = initial;
  // Consecutive deltas of one lane not yet reduced: their lane, joined text and the first's time.
  let lane: Lane | null = null;
  let text = '';
  let at = 0;
  let cancelFlush: (() => void) | null = null;
  const current = () => {
    if (lane) answer = reduceAnswer(answer, { type: 'delta', lane, text }, at);
    lane = null;
    return answer;
  };
  const commit = () => {
    cancelFlush = null;
    const next = current();
    store.setState((s) => {
      const message = s.byId[id];
      return message?.role === 'assistant' ? { byId: { ...s.byId, [id]: { ...message, answer: next } } } : {};
    });
  };
  const flush = () => {
    cancelFlush?.();
    commit();
  };
  return {
    get state() {
      return current();
    },
    apply(event) {
      if (event.type !== 'delta') {
        answer = reduceAnswer(current(), event, now());
        return flush();
      }
      // A run starts at its first text (an empty delta is reduced alone), so the first token is
      // timed as one by one.
      if (lane === event.lane && text) text += event.text;
      else {
        current();
        ({ lane, text } = event);
        at = now();
      }
      if (cancelFlush !== null) return;
      // A scheduler may flush synchronously; only keep its cancel handle when it has not.
      let flushed = false;
      const cancel = schedule(() => {
        flushed = true;
        commit();
      });
      if (!flushed) cancelFlush = cancel;
    },
    flush,
  };
}
