import {
  type AnswerDetails,
  type AnswerState,
  type AnswerStatus,
  answerDetails,
  answerText,
  type CascadeClientOptions,
} from '@cascadekit/core';
import { useCallback, useState } from 'react';
import { useStore } from 'zustand';
import { useCascadeQueryClient } from '../query/use-query-client.js';
import { cascadeAnswerKey, showCachedAnswer } from './cached-answer.js';
import { useOwnCascadeClient } from './use-cascade-client.js';
import { useLatestRef } from './use-latest-ref.js';

/** Options of {@link useCascade}. */
export type UseCascadeOptions = Omit<CascadeClientOptions, 'initialMessages' | 'store'>;

/** What {@link useCascade} hands back. Every function keeps its identity across renders. */
export interface UseCascadeResult {
  /** The answer's full state, or `null` before the first `submit`. */
  answer: AnswerState | null;
  /** The answer's text (`answerText`): the draft while drafting, the final once validated. */
  text: string;
  status: AnswerStatus | 'idle';
  /** A turn is running: its request is open. False before `submit` and for a cached answer. */
  isRunning: boolean;
  /** Status, lane texts, models, attempts, latency and cost in one object, or `null`. */
  details: AnswerDetails | null;
  /** True when the answer came from the query cache instead of a request. */
  fromCache: boolean;
  /** Asks `input` and resolves with the settled answer. A cached final answer resolves at once. */
  submit(input: string): Promise<AnswerState>;
  stop(): void;
  /** Forgets the current answer (the cache keeps it). */
  reset(): void;
}

/**
 * One prompt, one answer: the draft streams at once and the validated final answer
 * replaces it. A final answer is cached in TanStack Query per (endpoint, chain, input),
 * so asking the same question again shows it without a request.
 *
 * @example
 * ```tsx
 * const { text, status, submit } = useCascade({ endpoint: '/api/cascade' });
 * return <button onClick={() => submit('Summarise this page')}>{status}: {text}</button>;
 * ```
 */
export function useCascade(options: UseCascadeOptions = {}): UseCascadeResult {
  const client = useOwnCascadeClient(options);
  const queryClient = useCascadeQueryClient();
  const latest = useLatestRef(options);
  const [fromCache, setFromCache] = useState(false);
  const isRunning = useStore(client.store, (s) => s.activeId !== null);
  const answer = useStore(client.store, (s) => {
    const id = s.ids[s.ids.length - 1];
    const message = id === undefined ? undefined : s.byId[id];
    return message?.role === 'assistant' ? message.answer : null;
  });

  const submit = useCallback(
    async (input: string): Promise<AnswerState> => {
      const key = cascadeAnswerKey(input, latest.current.chain, latest.current.endpoint);
      client.clear();
      const cached = queryClient.getQueryData<AnswerState>(key);
      if (cached) {
        showCachedAnswer(client.store, input, cached);
        setFromCache(true);
        return cached;
      }
      setFromCache(false);
      const settled = await client.send(input);
      // Only a validated final answer is worth reusing; a degraded one should be asked again.
      if (settled.answer.status === 'final') queryClient.setQueryData(key, settled.answer);
      return settled.answer;
    },
    [client, queryClient, latest],
  );
  const stop = useCallback(() => client.stop(), [client]);
  const reset = useCallback(() => {
    client.clear();
    setFromCache(false);
  }, [client]);

  return {
    answer,
    text: answer ? answerText(answer) : '',
    status: answer?.status ?? 'idle',
    isRunning,
    details: answer ? answerDetails(answer) : null,
    fromCache,
    submit,
    stop,
    reset,
  };
}
