import type { BreakerState } from '@cascadekit/core';
import { useQuery } from '@tanstack/react-query';
import { useCascadeQueryClient } from './use-query-client.js';

/** Breaker state of one model, as the server's health route reports it. */
export interface ModelHealth {
  model: string;
  state: BreakerState;
  consecutiveFailures?: number;
}

/** Options of {@link useCascadeHealth}. */
export interface UseCascadeHealthOptions {
  /** Health route. Default `/api/health`. */
  url?: string;
  /** Poll interval in ms. Default 10 000. */
  interval?: number;
  /** `fetch` to use (e.g. the same in-process one as the chat). */
  fetch?: typeof fetch;
  /** Set false to stop polling. Default true. */
  enabled?: boolean;
}

/** What {@link useCascadeHealth} hands back. */
export interface UseCascadeHealthResult {
  models: ModelHealth[];
  /** Models whose breaker is open: requests to them are skipped until a probe succeeds. */
  unavailable: string[];
  isLoading: boolean;
  error: Error | null;
}

const STATES = new Set<string>(['closed', 'open', 'half-open']);

/**
 * Reads `{ breakers: { [model]: { state } } }` (also accepted: `models` instead of `breakers`).
 * Unknown entries are skipped rather than trusted.
 * @internal
 */
export function parseHealth(body: unknown): ModelHealth[] {
  const record = body as { breakers?: unknown; models?: unknown } | null;
  const map = (record?.breakers ?? record?.models) as Record<string, unknown> | undefined;
  if (!map || typeof map !== 'object') return [];
  const models: ModelHealth[] = [];
  for (const [model, value] of Object.entries(map)) {
    const entry = value as { state?: unknown; consecutiveFailures?: unknown } | null;
    if (typeof entry?.state !== 'string' || !STATES.has(entry.state)) continue;
    const health: ModelHealth = { model, state: entry.state as BreakerState };
    if (typeof entry.consecutiveFailures === 'number') health.consecutiveFailures = entry.consecutiveFailures;
    models.push(health);
  }
  return models;
}

const EMPTY: ModelHealth[] = [];

/**
 * Polls the server's health route with TanStack Query and reports each model's circuit
 * breaker, so the UI can say which models are unavailable. One request per interval no
 * matter how many components ask (shared query key `['cascade', 'health', url]`).
 *
 * @example
 * ```tsx
 * const { unavailable } = useCascadeHealth({ url: '/api/health' });
 * return unavailable.length ? <p>Unavailable: {unavailable.join(', ')}</p> : null;
 * ```
 */
export function useCascadeHealth(options: UseCascadeHealthOptions = {}): UseCascadeHealthResult {
  const { url = '/api/health', interval = 10_000, enabled = true } = options;
  const doFetch = options.fetch;
  const queryClient = useCascadeQueryClient();
  const query = useQuery(
    {
      queryKey: ['cascade', 'health', url],
      queryFn: async ({ signal }) => {
        const response = await (doFetch ?? globalThis.fetch)(url, { signal, headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`Health check failed: ${url} answered ${response.status}.`);
        return parseHealth(await response.json());
      },
      refetchInterval: interval,
      enabled,
      retry: false,
    },
    queryClient,
  );
  const models = query.data ?? EMPTY;
  return {
    models,
    unavailable: models.filter((m) => m.state === 'open').map((m) => m.model),
    isLoading: query.isLoading,
    error: query.error,
  };
}
