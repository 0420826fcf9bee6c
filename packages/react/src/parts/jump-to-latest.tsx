import { type ButtonHTMLAttributes, type MouseEvent, useContext } from 'react';
import { ScrollContext } from '../context/scroll-context.js';
import { useLabels } from '../labels/labels.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link JumpToLatest}. */
export interface JumpToLatestProps extends ButtonHTMLAttributes<HTMLButtonElement>, AsChildProps {}

/**
 * "Jump to latest": shown inside `<CascadeChat.Messages>` while the reader has scrolled up,
 * it scrolls to the newest text and follows it again. `data-ck-float` keeps it out of the
 * list's scroll anchoring; the default style sticks it to the bottom of the list.
 *
 * @example
 * ```tsx
 * <CascadeChat.Messages jumpToLatest={<CascadeChat.JumpToLatest className="my-jump" />} />
 * ```
 */
export function JumpToLatest({ className, onClick, asChild, children, ...rest }: JumpToLatestProps) {
  const scroll = useContext(ScrollContext);
  const labels = useLabels();
  if (!scroll || scroll.atLatest) return null;
  return renderPart(
    'button',
    {
      type: 'button',
      ...rest,
      asChild,
      children,
      'data-ck-float': '',
      className: partClass('ck-button ck-jump', className),
      onClick: (event: MouseEvent<HTMLButtonElement>) => {
        onClick?.(event);
        if (!event.defaultPrevented) scroll.scrollToLatest();
      },
    },
    asChild ? labels.chat.jumpToLatest : (children ?? labels.chat.jumpToLatest),
  );
}
