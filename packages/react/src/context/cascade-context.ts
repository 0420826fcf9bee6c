import type { AnswerState, CascadeClient, MergeView, RevealMode } from '@cascadekit/core';
import { createContext, useContext } from 'react';
import type { FeedbackEvent } from '../parts/feedback.js';

/**
 * How the final text is shown against the draft once it stands: a built-in mode,
 * or a function that builds the view from both texts.
 */
export type MergeMode = 'replace' | 'append' | 'diff' | ((draft: string, final: string) => MergeView);

/** What the headless parts read from the nearest provider. */
export interface CascadeContextValue {
  client: CascadeClient;
  merge: MergeMode;
  reveal: RevealMode;
  onFeedback: ((event: FeedbackEvent) => void) | undefined;
}

/** @internal The context behind {@link CascadeProvider}. */
export const CascadeContext = createContext<CascadeContextValue | null>(null);

/**
 * The nearest provider's value. Throws a clear error outside of one.
 * @internal
 */
export function useCascadeContext(hook: string): CascadeContextValue {
  const value = useContext(CascadeContext);
  if (!value) {
    throw new Error(`${hook} must be used inside <CascadeProvider> or <CascadeChat.Root>.`);
  }
  return value;
}

/** A selector over one answer, as used by {@link useCascadeMessage}. */
export type AnswerSelector<T> = (answer: AnswerState) => T;
