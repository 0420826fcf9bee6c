import type { CascadeClient, CascadeClientOptions, CascadeStore } from '@cascadekit/core';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import { CascadeContext } from '../context/cascade-context.js';
import { useCascadeQueryClient } from '../query/use-query-client.js';
import { useOwnCascadeClient } from './use-cascade-client.js';
import { useLatestRef } from './use-latest-ref.js';

/** Options of {@link useCascadeChat}. */
export interface UseCascadeChatOptions extends CascadeClientOptions {
  /** Drive this client instead of the provider's or a new one. */
  client?: CascadeClient;
}

/** What {@link useCascadeChat} hands back. Every function keeps its identity across renders. */
export interface UseCascadeChatResult
  extends Pick<CascadeClient, 'send' | 'stop' | 'retry' | 'regenerate' | 'edit' | 'clear'> {
  client: CascadeClient;
  store: CascadeStore;
  /** Message ids in order (user and assistant). Changes only when messages are added or removed. */
  ids: readonly string[];
  /** Id of the newest answer whose turn is running, or `null` (several may run: `whileRefining`). */
  activeId: string | null;
  /**
   * A turn is running: its request is open (`activeId !== null`). Whether Send works now is
   * `client.canSend(state)`: during refinement it follows `whileRefining`.
   */
  isRunning: boolean;
  /** The last error of `send` itself (e.g. empty text), not of an answer: answers carry their own. */
  sendError: Error | null;
}

/**
 * A conversation over the cascade protocol. Uses the nearest `<CascadeProvider>`'s client
 * when there is one (so hooks and parts share the conversation), else creates its own
 * from `options`. Sending runs as a TanStack Query mutation (`mutationKey: ['cascade', 'send']`).
 * Re-renders only when messages are added or removed or a turn starts or ends; read
 * each answer with {@link useCascadeMessage}.
 *
 * @example
 * ```tsx
 * const chat = useCascadeChat({ endpoint: '/api/cascade' });
 * return <button onClick={() => chat.send('Hello')}>Say hello</button>;
 * ```
 */
export function useCascadeChat(options: UseCascadeChatOptions = {}): UseCascadeChatResult {
  const context = useContext(CascadeContext);
  const client = useOwnCascadeClient(options, options.client ?? context?.client ?? null);
  const ids = useStore(client.store, (s) => s.ids);
  const activeId = useStore(client.store, (s) => s.activeId);
  const queryClient = useCascadeQueryClient();
  const mutation = useMutation(
    { mutationKey: ['cascade', 'send'], mutationFn: (text: string) => client.send(text) },
    queryClient,
  );
  const mutateAsync = useLatestRef(mutation.mutateAsync);

  const send = useCallback((text: string) => mutateAsync.current(text), [mutateAsync]);
  const stop = useCallback(() => client.stop(), [client]);
  const retry = useCallback((id: string) => client.retry(id), [client]);
  const regenerate = useCallback(() => client.regenerate(), [client]);
  const edit = useCallback((id: string, text: string) => client.edit(id, text), [client]);
  const clear = useCallback(() => client.clear(), [client]);

  return {
    client,
    store: client.store,
    ids,
    activeId,
    isRunning: activeId !== null,
    sendError: mutation.error,
    send,
    stop,
    retry,
    regenerate,
    edit,
    clear,
  };
}
