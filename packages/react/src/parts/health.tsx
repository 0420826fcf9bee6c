import type { HTMLAttributes } from 'react';
import { type UseCascadeHealthOptions, useCascadeHealth } from '../query/use-cascade-health.js';

/** Props of {@link Health}. */
export interface HealthProps extends UseCascadeHealthOptions, Omit<HTMLAttributes<HTMLParagraphElement>, 'children'> {}

/**
 * A one-line notice naming the models whose circuit breaker is open. Renders nothing while
 * every model is available or the health route cannot be read.
 *
 * @example
 * ```tsx
 * <CascadeChat.Health url="/api/health" interval={5000} />
 * ```
 */
export function Health({ url, interval, fetch, enabled, className, ...rest }: HealthProps) {
  const options: UseCascadeHealthOptions = {};
  if (url !== undefined) options.url = url;
  if (interval !== undefined) options.interval = interval;
  if (fetch !== undefined) options.fetch = fetch;
  if (enabled !== undefined) options.enabled = enabled;
  const { unavailable } = useCascadeHealth(options);
  if (unavailable.length === 0) return null;
  return (
    <p
      {...rest}
      className={className ? `ck-health ${className}` : 'ck-health'}
      data-unavailable={unavailable.join(' ')}
    >
      Unavailable right now: {unavailable.join(', ')} (circuit open; other models answer instead).
    </p>
  );
}

/**
 * The health route beside a cascade endpoint: `/api/cascade` → `/api/health`.
 * @internal
 */
export function healthUrlFor(endpoint: string): string {
  return endpoint.replace(/\/cascade\/?(?=$|\?)/, '/health');
}
