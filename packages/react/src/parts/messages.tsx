import { Fragment, type HTMLAttributes, type ReactNode, useRef } from 'react';
import { useStore } from 'zustand';
import { useCascadeContext } from '../context/cascade-context.js';
import { useAutoScroll } from '../hooks/use-auto-scroll.js';
import { Message } from './message.js';

/** Props of {@link Messages}. */
export interface MessagesProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Renders one message by id. Default: `<CascadeChat.Message id={id} />`. */
  children?: (id: string) => ReactNode;
  /** Keep the newest text in view until the reader scrolls up. Default true. */
  autoScroll?: boolean;
  /** Shown while the conversation is empty. */
  empty?: ReactNode;
}

/**
 * The message list: `role="log"`, labelled "Conversation". It re-renders only when messages
 * are added or removed. Its own live announcements are off (`aria-live="off"`) so screen
 * readers are not flooded per token; the root's live region speaks once per swap instead.
 *
 * @example
 * ```tsx
 * <CascadeChat.Messages>{(id) => <CascadeChat.Message id={id} />}</CascadeChat.Messages>
 * ```
 */
export function Messages({ children, autoScroll = true, empty, className, ...rest }: MessagesProps) {
  const { client } = useCascadeContext('CascadeChat.Messages');
  const ids = useStore(client.store, (s) => s.ids);
  const ref = useRef<HTMLDivElement>(null);
  useAutoScroll(ref, autoScroll);
  return (
    <div
      aria-label="Conversation"
      {...rest}
      ref={ref}
      role="log"
      aria-live="off"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable)
      tabIndex={0}
      className={className ? `ck-messages ${className}` : 'ck-messages'}
    >
      {ids.length === 0 && empty}
      {ids.map((id) => (children ? <Fragment key={id}>{children(id)}</Fragment> : <Message key={id} id={id} />))}
    </div>
  );
}
