import {
  type CSSProperties,
  cloneElement,
  createElement,
  isValidElement,
  type ReactElement,
  type ReactNode,
  type Ref,
  type RefCallback,
  version,
} from 'react';

/**
 * What every headless part that renders an element accepts besides its own props: `className`,
 * `style` and the element's other attributes, plus `asChild`.
 */
export interface AsChildProps {
  /**
   * Render your element instead of the part's own (`<CascadeChat.Stop asChild><MyButton /></CascadeChat.Stop>`):
   * the part's props, class names, styles, handlers and ref are merged onto it. The part's content
   * fills it when it has no children of its own.
   */
  asChild?: boolean | undefined;
}

type AnyProps = Record<string, unknown>;

const REACT_18 = version.startsWith('18');

function setRef<T>(ref: Ref<T> | undefined, value: T | null) {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}

/** One ref callback that sets both refs. */
export function mergeRefs<T>(a: Ref<T> | undefined, b: Ref<T> | undefined): RefCallback<T> | undefined {
  if (!a || !b) return (a ?? b) as RefCallback<T> | undefined;
  return (value) => {
    setRef(a, value);
    setRef(b, value);
  };
}

/** The part's props merged with the child's: classes joined, styles merged, handlers both run (the child's first). */
function mergeProps(ours: AnyProps, theirs: AnyProps): AnyProps {
  const merged: AnyProps = { ...ours, ...theirs };
  for (const key in theirs) {
    const a = ours[key];
    const b = theirs[key];
    if (typeof a === 'function' && typeof b === 'function') {
      merged[key] = (event: { defaultPrevented?: boolean }) => {
        b(event);
        if (!event?.defaultPrevented) a(event);
      };
    }
  }
  if (ours.className && theirs.className) merged.className = `${ours.className} ${theirs.className}`;
  if (ours.style && theirs.style)
    merged.style = { ...(ours.style as CSSProperties), ...(theirs.style as CSSProperties) };
  return merged;
}

/** A part's own class name, then the app's `className`, if any. */
export const partClass = (own: string, className: string | undefined): string =>
  className ? `${own} ${className}` : own;

/**
 * Renders a part: its own `tag`, or (with `asChild`) the single child element given in
 * `props.children`, with the part's props merged onto it. `content` is what the part shows inside.
 * Hand-written rather than `@radix-ui/react-slot` (1.4 kB gzip with its ref helper): the kit's
 * whole start bundle has a 16 kB budget, and this is the part of a slot the kit needs.
 * @internal
 */
export function renderPart(
  tag: string,
  {
    asChild,
    children,
    ref,
    ...props
  }: AnyProps & { asChild?: boolean | undefined; children?: ReactNode; ref?: Ref<unknown> },
  content?: ReactNode,
): ReactElement {
  if (asChild && isValidElement<AnyProps>(children)) {
    const theirs = children.props;
    const theirRef = (REACT_18 ? (children as unknown as { ref?: Ref<unknown> }).ref : theirs.ref) as Ref<unknown>;
    const merged = mergeProps(props, theirs);
    const composed = mergeRefs(ref, theirRef);
    if (composed) merged.ref = composed;
    return cloneElement(children, merged, (theirs.children as ReactNode) ?? content);
  }
  return createElement(tag, ref ? { ...props, ref } : props, content === undefined ? children : content);
}
