import { type RefObject, useEffect, useRef } from 'react';

/** How close to the bottom (px) still counts as "at the bottom". */
const SLACK = 48;

/**
 * Keeps a scroll container pinned to its bottom while content grows, until the reader
 * scrolls up; scrolling back to the bottom re-engages it. Watches DOM mutations instead
 * of React renders, so it costs nothing per token on the React side.
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
    if (!element || !enabled) return;
    let programmatic = false;
    const toBottom = () => {
      if (!pinned.current) return;
      programmatic = true;
      element.scrollTop = element.scrollHeight;
    };
    const onScroll = () => {
      if (programmatic) {
        programmatic = false;
        return;
      }
      pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight <= SLACK;
    };
    const observer = new MutationObserver(toBottom);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    element.addEventListener('scroll', onScroll, { passive: true });
    toBottom();
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [ref, enabled]);
}
