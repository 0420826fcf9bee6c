import { type HTMLAttributes, memo, type ReactNode, useRef } from 'react';
import { useStore } from 'zustand';
import { useCascadeContext } from '../context/cascade-context.js';
import { ScrollContext } from '../context/scroll-context.js';
import { useAutoScroll } from '../hooks/use-auto-scroll.js';
import { useLabels } from '../labels/labels.js';
import { Message } from './message.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

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
 * One row of the list. Memoised on the id and the render function, so adding a message (or
 * re-rendering the list for the "Jump to latest" state) renders the new row only, not every
 * earlier message again: what keeps sending cheap in a long conversation.
 */
const Row = memo(({ id, render }: { id: string; render: ((id: string) => ReactNode) | undefined }) =>
  render ? render(id) : <Message id={id} />,
);

/**
 * The message list: `role="log"`, labelled "Conversation". It re-renders only when messages
 * are added or removed, or when the reader scrolls away from (or back to) the newest text, and
 * then renders only the rows that are new (or all of them when `renderMessage` or a
 * `children` function is a new function, so pass a stable one in long conversations). Its
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
      {ids.map((id) => (
        <Row key={id} id={id} render={render} />
      ))}
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
          className: partClass('ck-messages', className),
        },
        content,
      )}
    </ScrollContext.Provider>
  );
}
