import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { useContext, useState } from 'react';

let browserFallback: QueryClient | undefined;

/**
 * The app's QueryClient when there is a `QueryClientProvider`, else a fallback, so every
 * cascadekit hook works with or without one. In the browser the fallback is shared by the
 * page (cached answers are reused across components); on a server each component gets its
 * own, so no cache is ever shared between requests.
 * @internal
 */
export function useCascadeQueryClient(): QueryClient {
  const fromContext = useContext(QueryClientContext);
  const [own] = useState<QueryClient | null>(() => {
    if (fromContext) return null;
    if (typeof window === 'undefined') return new QueryClient();
    browserFallback ??= new QueryClient();
    return browserFallback;
  });
  return fromContext ?? (own as QueryClient);
}
