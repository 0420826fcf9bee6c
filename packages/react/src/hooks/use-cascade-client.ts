import { type CascadeClient, type CascadeClientOptions, createCascadeClient } from '@cascadekit/core';
import { useEffect, useState } from 'react';
import { useLatestRef } from './use-latest-ref.js';

/**
 * Creates one client for the component's lifetime. The client reads every option through a view
 * of the latest render's options, so those it reads per request (endpoint, chain, fetch, headers,
 * earlyAccept, whileRefining, callbacks) may change without a new client, and its functions stay
 * stable; those it reads once (store, initialMessages, validate, schedule, persist) apply at
 * creation. Stops a running turn on unmount.
 * @internal
 */
export function useOwnCascadeClient(options: CascadeClientOptions, existing?: CascadeClient | null): CascadeClient {
  const latest = useLatestRef(options);
  const [client] = useState<CascadeClient>(
    () =>
      existing ??
      createCascadeClient(
        new Proxy({} as CascadeClientOptions, { get: (_, key) => latest.current[key as keyof CascadeClientOptions] }),
      ),
  );
  const owned = existing == null;
  useEffect(() => (owned ? () => client.stop() : undefined), [client, owned]);
  return client;
}
