import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/** How close to the bottom (px) still counts as "at the bottom". */
const SLACK = 48;

/** What {@link useAutoScroll} hands back. */
export interface AutoScroll {
  /** The view follows the newest text (false once the reader scrolled up). Changes only when it flips. */
  atLatest: boolean;
  /** Scrolls to the newest text and follows it again. Keeps its identity. */
  scrollToLatest(): void;
}

/** Children that float over the list (the jump button) are not messages. */
const isItem = (node: Element) => !node.hasAttribute('data-ck-float');

/**
 * Keeps a scroll container pinned to its bottom while content grows, until the reader
 * scrolls up; scrolling back to the bottom (or `scrollToLatest`) re-engages it. Watches the size
 * of the container's children with a ResizeObserver instead of React renders or DOM mutations:
 * its callback runs after the browser's own layout, so following the text forces no extra
 * layout per token, and text that does not add a line costs nothing.
 *
 * While the reader is scrolled up, an earlier message that starts above the view and changes
 * height (an answer refined in the background swapping its draft for the final text) does not
 * move what they read, such as the newer turn. Following the bottom does the same while pinned.
 * The hook does this itself on every browser (`overflow-anchor` is turned off on the container
 * so the browser's own anchoring, where there is one, does not add to it).
 *
 * @example
 * ```tsx
 * const ref = useRef<HTMLDivElement>(null);
 * const { atLatest, scrollToLatest } = useAutoScroll(ref);
 * ```
 */
export function useAutoScroll(ref: RefObject<HTMLElement | null>, enabled = true): AutoScroll {
  const pinned = useRef(true);
  const [atLatest, setAtLatest] = useState(true);
  const jump = useRef(() => {});
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled || typeof ResizeObserver === 'undefined') return;
    element.style.overflowAnchor = 'none';
    const pin = (value: boolean) => {
      if (pinned.current === value) return;
      pinned.current = value;
      setAtLatest(value);
    };
    // The scrollTop this hook last set: a scroll event at or below it is our own.
    let target = 0;
    const toBottom = () => {
      const bottom = element.scrollHeight - element.clientHeight;
      if (element.scrollTop >= bottom) return;
      element.scrollTop = bottom;
      // Not read back: reading scrollTop right after writing it showed in the render profile.
      target = bottom;
    };
    const heights = new WeakMap<Element, number>();
    const onResize = (entries: ResizeObserverEntry[]) => {
      const changed = new Map<Element, number>();
      for (const { target: item, borderBoxSize } of entries) {
        const height = borderBoxSize[0]?.blockSize ?? 0;
        changed.set(item, height - (heights.get(item) ?? height));
        heights.set(item, height);
      }
      if (pinned.current) return toBottom();
      // Scrolled up: layout is clean in this callback, so these reads force nothing. An earlier
      // message that starts above the view and changes height (its swap) would push what is read
      // below it: the view follows by the same amount. The newest message grows at its end, and a
      // message starting in view changes in place, so neither moves the view.
      const items = [...element.children].filter(isItem);
      const newest = items[items.length - 1];
      const top = element.getBoundingClientRect().top;
      let shift = 0;
      for (const [item, delta] of changed) {
        if (delta && item !== newest && items.includes(item) && item.getBoundingClientRect().top < top) shift += delta;
      }
      if (shift) element.scrollTop += shift;
    };
    const onScroll = () => {
      if (pinned.current && element.scrollTop >= target - 1) return;
      pin(element.scrollHeight - element.scrollTop - element.clientHeight <= SLACK);
    };
    const sizes = new ResizeObserver(onResize);
    sizes.observe(element);
    for (const child of element.children) sizes.observe(child);
    // Only the list's own children come and go (one per message), so this fires per message, not per token.
    const children = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof Element) sizes.observe(node);
        for (const node of record.removedNodes) if (node instanceof Element) sizes.unobserve(node);
      }
    });
    children.observe(element, { childList: true });
    element.addEventListener('scroll', onScroll, { passive: true });
    jump.current = () => {
      pin(true);
      toBottom();
    };
    toBottom();
    return () => {
      sizes.disconnect();
      children.disconnect();
      element.removeEventListener('scroll', onScroll);
      jump.current = () => {};
    };
  }, [ref, enabled]);
  const scrollToLatest = useCallback(() => jump.current(), []);
  return { atLatest, scrollToLatest };
}
