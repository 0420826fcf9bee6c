import { type CascadeClient, type CascadeClientOptions, createCascadeClient } from '@cascadekit/core';
import { useEffect, useState } from 'react';
import { type EarlyAccept, earlyAcceptCallbacks } from './early-accept.js';
import { useLatestRef } from './use-latest-ref.js';

/** Client options a hook or component may change between renders. */
export interface ClientOptions extends Omit<CascadeClientOptions, 'earlyAccept'> {
  /**
   * Accept the draft early, cancelling the final lane to save its cost. `true`: the server
   * cancels the final lane as soon as the draft lane completes (its output passed the draft
   * models' validators) and reports the turn's costs. Validators: the client checks the
   * finished draft with them and stops the turn when it passes. Default off.
   */
  earlyAccept?: EarlyAccept;
}

/**
 * Creates one client for the component's lifetime. Options the client reads per request
 * (endpoint, chain, fetch, headers, callbacks) are read through getters from the latest
 * render, so changing them needs no new client and the client's functions stay stable.
 * Stops a running turn on unmount.
 * @internal
 */
export function useOwnCascadeClient(options: ClientOptions, existing?: CascadeClient | null): CascadeClient {
  const latest = useLatestRef(options);
  const [client] = useState<CascadeClient>(() => {
    if (existing) return existing;
    const early = earlyAcceptCallbacks(
      () => created,
      () => latest.current,
    );
    const { earlyAccept: _early, ...clientOptions } = options;
    const created: CascadeClient = createCascadeClient({
      ...clientOptions,
      get earlyAccept() {
        return latest.current.earlyAccept === true;
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
      onEvent: (event, id) => {
        early.onEvent(event, id);
        latest.current.onEvent?.(event, id);
      },
      onSettled: (message) => {
        early.onSettled(message);
        latest.current.onSettled?.(message);
      },
    });
    return created;
  });
  const owned = existing == null;
  useEffect(() => (owned ? () => client.stop() : undefined), [client, owned]);
  return client;
}
