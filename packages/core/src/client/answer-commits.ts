import { type AnswerState, type ClientEvent, reduceAnswer, TERMINAL_STATUSES } from '../cascade/answer.js';
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

/** Text of consecutive deltas of one lane not yet reduced, and when the first of them came. */
interface PendingText {
  lane: Lane;
  text: string;
  at: number;
}

/**
 * Reduces every event of one answer at once and commits the result to the store through
 * `schedule`: a fast stream costs one store update (and one render) per batch of tokens, while
 * milestones (attempt start, lane done, settled, errors) and a settled answer commit at once, so
 * state changes are never delayed. Consecutive deltas of one lane are reduced as one delta of
 * their joined text, timed at the first (the same state as one by one: a delta only appends
 * text and marks the first token), when anything reads or commits the answer or another event
 * comes, so a burst costs one reduction per lane and batch, not one per token. A message removed
 * meanwhile (`clear()`) is left removed.
 */
export function answerCommits(
  store: CascadeStore,
  id: string,
  initial: AnswerState,
  schedule: Scheduler,
  now: () => number,
): AnswerCommits {
  let answer = initial;
  let pending: PendingText | null = null;
  let cancelFlush: (() => void) | null = null;
  const current = () => {
    if (pending) {
      const { lane, text, at } = pending;
      pending = null;
      answer = reduceAnswer(answer, { type: 'delta', lane, text }, at);
    }
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
      if (event.type === 'delta' && !TERMINAL_STATUSES.has(answer.status)) {
        // An empty delta starts no run: the first token is timed at the first text, as one by one.
        if (pending?.lane === event.lane && pending.text) pending.text += event.text;
        else {
          current();
          pending = { lane: event.lane, text: event.text, at: now() };
        }
        if (cancelFlush !== null) return;
        // A scheduler may flush synchronously; only keep its cancel handle when it has not.
        let flushed = false;
        const cancel = schedule(() => {
          flushed = true;
          commit();
        });
        if (!flushed) cancelFlush = cancel;
        return;
      }
      answer = reduceAnswer(current(), event, now());
      flush();
    },
    flush,
  };
}
