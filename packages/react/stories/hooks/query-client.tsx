import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

/**
 * A QueryClient of the story's own: without it the kit shares one per page, and an answer
 * cached by one story (or an earlier run of the same) would be served to the next.
 */
export function OwnQueryClient({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient());
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
