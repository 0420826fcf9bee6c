import { type CascadeClient, type CascadeClientOptions, createCascadeClient } from '@cascadekit/core';
import { useEffect, useState } from 'react';
import { useLatestRef } from './use-latest-ref.js';

/**
 * Creates one client for the component's lifetime. Options the client reads per request
 * (endpoint, chain, fetch, headers, earlyAccept, whileRefining, callbacks) are read through getters from the
 * latest render, so changing them needs no new client and the client's functions stay stable.
 * Stops a running turn on unmount.
 * @internal
 */
export function useOwnCascadeClient(options: CascadeClientOptions, existing?: CascadeClient | null): CascadeClient {
  const latest = useLatestRef(options);
  const [client] = useState<CascadeClient>(
    () =>
      existing ??
      createCascadeClient({
        ...options,
        get earlyAccept() {
          return latest.current.earlyAccept;
        },
        get whileRefining() {
          return latest.current.whileRefining;
        },
        get endpoint() {
          return latest.current.endpoint;
        },
        get chain() {
          return latest.current.chain;
        },
        get fetch() {
          return latest.current.fetch;
        },
        get headers() {
          return latest.current.headers;
        },
        onEvent: (event, id) => latest.current.onEvent?.(event, id),
        onSettled: (message) => latest.current.onSettled?.(message),
      }),
  );
  const owned = existing == null;
  useEffect(() => (owned ? () => client.stop() : undefined), [client, owned]);
  return client;
}
