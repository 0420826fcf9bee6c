import { type AnswerState, type ClientEvent, reduceAnswer, TERMINAL_STATUSES } from '../cascade/answer.js';
import type { CascadeEvent } from '../protocol/events.js';
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
 * milestones (attempt start, lane done, settled, errors) and a settled answer commit at once, so
 * state changes are never delayed. A message removed meanwhile (`clear()`) is left removed.
 */
export function answerCommits(
  store: CascadeStore,
  id: string,
  initial: AnswerState,
  schedule: Scheduler,
  now: () => number,
): AnswerCommits {
  let answer = initial;
  let cancelFlush: (() => void) | null = null;
  const commit = () => {
    cancelFlush = null;
    store.setState((s) => {
      const current = s.byId[id];
      return current?.role === 'assistant' ? { byId: { ...s.byId, [id]: { ...current, answer } } } : {};
    });
  };
  const flush = () => {
    cancelFlush?.();
    commit();
  };
  return {
    get state() {
      return answer;
    },
    apply(event) {
      answer = reduceAnswer(answer, event, now());
      if (TERMINAL_STATUSES.has(answer.status) || event.type !== 'delta') {
        flush();
      } else if (cancelFlush === null) {
        // A scheduler may flush synchronously; only keep its cancel handle when it has not.
        let flushed = false;
        const cancel = schedule(() => {
          flushed = true;
          commit();
        });
        if (!flushed) cancelFlush = cancel;
      }
    },
    flush,
  };
}
