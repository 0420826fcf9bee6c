import { type RefObject, useEffect, useRef } from 'react';

/** How close to the bottom (px) still counts as "at the bottom". */
const SLACK = 48;

/**
 * Keeps a scroll container pinned to its bottom while content grows, until the reader
 * scrolls up; scrolling back to the bottom re-engages it. Watches the size of the
 * container's children with a ResizeObserver instead of React renders or DOM mutations:
 * its callback runs after the browser's own layout, so following the text forces no extra
 * layout per token, and text that does not add a line costs nothing.
 *
 * @example
 * ```tsx
 * const ref = useRef<HTMLDivElement>(null);
 * useAutoScroll(ref);
 * return <div ref={ref} style={{ overflowY: 'auto' }}>{children}</div>;
 * ```
 */
export function useAutoScroll(ref: RefObject<HTMLElement | null>, enabled = true): void {
  const pinned = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled || typeof ResizeObserver === 'undefined') return;
    // The scrollTop this hook last set: a scroll event at or below it is our own.
    let target = 0;
    const toBottom = () => {
      if (!pinned.current) return;
      const bottom = element.scrollHeight - element.clientHeight;
      if (element.scrollTop >= bottom) return;
      element.scrollTop = bottom;
      // Not read back: reading scrollTop right after writing it showed in the render profile.
      target = bottom;
    };
    const onScroll = () => {
      if (pinned.current && element.scrollTop >= target - 1) return;
      pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight <= SLACK;
    };
    const sizes = new ResizeObserver(toBottom);
    sizes.observe(element);
    for (const child of Array.from(element.children)) sizes.observe(child);
    // Only the list's own children come and go (one per message), so this fires per message, not per token.
    const children = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) if (node instanceof Element) sizes.observe(node);
        for (const node of Array.from(record.removedNodes)) if (node instanceof Element) sizes.unobserve(node);
      }
    });
    children.observe(element, { childList: true });
    element.addEventListener('scroll', onScroll, { passive: true });
    toBottom();
    return () => {
      sizes.disconnect();
      children.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [ref, enabled]);
}
