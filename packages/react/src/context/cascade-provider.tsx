import type { CascadeClient, CascadeClientOptions, RevealMode } from '@cascadekit/core';
import { type ReactNode, useMemo } from 'react';
import { useOwnCascadeClient } from '../hooks/use-cascade-client.js';
import { useLatestRef } from '../hooks/use-latest-ref.js';
import { LabelsContext, type LabelsInput, mergeLabels } from '../labels/labels.js';
import type { FeedbackEvent } from '../parts/feedback.js';
import { CascadeContext, type MergeMode } from './cascade-context.js';

/** Props of {@link CascadeProvider}: client options, or a ready `client`, plus view options. */
export interface CascadeProviderProps extends CascadeClientOptions {
  /** Use this client instead of creating one from the other options. */
  client?: CascadeClient;
  /** How an upgraded answer is shown against its draft. Default `'replace'`. */
  merge?: MergeMode;
  /** When the final lane takes over the view. Default `'on-validated'`. */
  reveal?: RevealMode;
  /** Every string the kit shows, to translate or reword any of them (see `CascadeLabels`). */
  labels?: LabelsInput;
  /** Called when the user rates an answer with `<CascadeChat.Feedback>` (or takes the rating back). */
  onFeedback?: (event: FeedbackEvent) => void;
  children?: ReactNode;
}

/**
 * Provides one conversation to hooks and headless parts below it. Creates its client
 * once; options read per request (endpoint, chain, fetch, headers, earlyAccept, callbacks) may
 * change freely.
 *
 * @example
 * ```tsx
 * <CascadeProvider endpoint="/api/cascade">
 *   <MyMessages />
 * </CascadeProvider>
 * ```
 */
export function CascadeProvider(props: CascadeProviderProps) {
  const { client: given, merge = 'replace', reveal = 'on-validated', labels, onFeedback, children, ...options } = props;
  const client = useOwnCascadeClient(options, given ?? null);
  const feedback = useLatestRef(onFeedback);
  const value = useMemo(
    () => ({ client, merge, reveal, onFeedback: (event: FeedbackEvent) => feedback.current?.(event) }),
    [client, merge, reveal, feedback],
  );
  // Merged once per `labels` object: pass a stable (module-level or memoised) one.
  const merged = useMemo(() => mergeLabels(labels), [labels]);
  return (
    <CascadeContext.Provider value={value}>
      <LabelsContext.Provider value={merged}>{children}</LabelsContext.Provider>
    </CascadeContext.Provider>
  );
}

const PROVIDER_KEYS = [
  'client',
  'merge',
  'reveal',
  'endpoint',
  'chain',
  'fetch',
  'headers',
  'validate',
  'initialMessages',
  'store',
  'schedule',
  'now',
  'onEvent',
  'onSettled',
  'earlyAccept',
  'whileRefining',
  'persist',
  'labels',
  'onFeedback',
] as const satisfies readonly (keyof CascadeProviderProps)[];

/**
 * Splits props into provider props and the rest (for a DOM element).
 * @internal
 */
export function splitProviderProps<P extends CascadeProviderProps>(
  props: P,
): [Omit<CascadeProviderProps, 'children'>, Omit<P, keyof CascadeProviderProps>] {
  const provider: Record<string, unknown> = {};
  const rest: Record<string, unknown> = { ...(props as unknown as Record<string, unknown>) };
  for (const key of PROVIDER_KEYS) {
    if (key in rest) {
      provider[key] = rest[key];
      delete rest[key];
    }
  }
  delete rest.children;
  return [provider as Omit<CascadeProviderProps, 'children'>, rest as Omit<P, keyof CascadeProviderProps>];
}
