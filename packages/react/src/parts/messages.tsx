import { Fragment, type HTMLAttributes, type ReactNode, useRef } from 'react';
import { useStore } from 'zustand';
import { useCascadeContext } from '../context/cascade-context.js';
import { ScrollContext } from '../context/scroll-context.js';
import { useAutoScroll } from '../hooks/use-auto-scroll.js';
import { useLabels } from '../labels/labels.js';
import { Message } from './message.js';
import { type AsChildProps, renderPart } from './slot.js';

/** Props of {@link Messages}. */
export interface MessagesProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'>, AsChildProps {
  /** Renders one message by id. Default: `<CascadeChat.Message id={id} />`. */
  children?: ((id: string) => ReactNode) | ReactNode;
  /** Renders one message by id (use this with `asChild`, whose child is the list element). */
  renderMessage?: (id: string) => ReactNode;
  /** Keep the newest text in view until the reader scrolls up. Default true. */
  autoScroll?: boolean;
  /**
   * Shown while the conversation is empty (not while a saved one is restored). Default
   * `labels.chat.empty` in a paragraph.
   */
  empty?: ReactNode;
  /**
   * Shown inside the list, e.g. `<ChatJumpToLatest />` ("Jump to latest" while scrolled up; the
   * drop-in chat passes it). Default none.
   */
  jumpToLatest?: ReactNode;
}

/**
 * The message list: `role="log"`, labelled "Conversation". It re-renders only when messages
 * are added or removed, or when the reader scrolls away from (or back to) the newest text. Its
 * own live announcements are off (`aria-live="off"`) so screen readers are not flooded per
 * token; the root's live region speaks once per settled answer instead.
 *
 * @example
 * ```tsx
 * <CascadeChat.Messages>{(id) => <CascadeChat.Message id={id} />}</CascadeChat.Messages>
 * ```
 */
export function Messages({
  children,
  renderMessage,
  autoScroll = true,
  empty,
  jumpToLatest,
  className,
  asChild,
  ...rest
}: MessagesProps) {
  const { client } = useCascadeContext('CascadeChat.Messages');
  const labels = useLabels();
  const ids = useStore(client.store, (s) => s.ids);
  // While a saved conversation is read (`persist`), nothing: not "empty" for a moment.
  const restoring = useStore(client.store, (s) => s.restoring);
  const ref = useRef<HTMLDivElement>(null);
  const scroll = useAutoScroll(ref, autoScroll);
  const render = renderMessage ?? (typeof children === 'function' ? children : undefined);
  const content = (
    <>
      {ids.length === 0 && !restoring && (empty ?? <p className="ck-empty">{labels.chat.empty}</p>)}
      {ids.map((id) => (render ? <Fragment key={id}>{render(id)}</Fragment> : <Message key={id} id={id} />))}
      {jumpToLatest}
    </>
  );
  return (
    <ScrollContext.Provider value={scroll}>
      {renderPart(
        'div',
        {
          'aria-label': labels.chat.conversation,
          ...rest,
          asChild,
          children: asChild && typeof children !== 'function' ? children : undefined,
          ref,
          role: 'log',
          'aria-live': 'off',
          // A scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
          tabIndex: 0,
          className: className ? `ck-messages ${className}` : 'ck-messages',
        },
        content,
      )}
    </ScrollContext.Provider>
  );
}
