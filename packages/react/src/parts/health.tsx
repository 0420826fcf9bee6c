import type { HTMLAttributes } from 'react';
import { useLabels } from '../labels/labels.js';
import { type UseCascadeHealthOptions, useCascadeHealth } from '../query/use-cascade-health.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Health}. */
export interface HealthProps extends UseCascadeHealthOptions, HTMLAttributes<HTMLParagraphElement>, AsChildProps {}

/**
 * A one-line notice naming the models whose circuit breaker is open. Renders nothing while
 * every model is available or the health route cannot be read.
 *
 * @example
 * ```tsx
 * <CascadeChat.Health url="/api/health" interval={5000} />
 * ```
 */
export function Health({ url, interval, fetch, enabled, className, asChild, children, ...rest }: HealthProps) {
  const labels = useLabels();
  const options: UseCascadeHealthOptions = {};
  if (url !== undefined) options.url = url;
  if (interval !== undefined) options.interval = interval;
  if (fetch !== undefined) options.fetch = fetch;
  if (enabled !== undefined) options.enabled = enabled;
  const { unavailable } = useCascadeHealth(options);
  if (unavailable.length === 0) return null;
  return renderPart(
    'p',
    {
      ...rest,
      asChild,
      children: asChild ? children : undefined,
      className: partClass('ck-health', className),
      'data-unavailable': unavailable.join(' '),
    },
    labels.chat.unavailable(unavailable),
  );
}
