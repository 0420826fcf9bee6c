import { cloneElement, Fragment, type HTMLAttributes, isValidElement, type ReactNode } from 'react';
import { CascadeProvider, type CascadeProviderProps, splitProviderProps } from '../context/cascade-provider.js';
import { Announcer } from './announcer.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Root}. */
export interface RootProps
  extends CascadeProviderProps,
    Omit<HTMLAttributes<HTMLDivElement>, 'children'>,
    AsChildProps {
  /** Colour scheme: follow the system (default), or force `light` / `dark`. */
  theme?: 'auto' | 'light' | 'dark';
}

/**
 * The root of a chat: provides the conversation (and `labels`) to the parts inside, and holds
 * the polite live region that announces each answer once, when it settles (never per token).
 * With `asChild` your element is the root; the parts go inside it.
 *
 * @example
 * ```tsx
 * <CascadeChat.Root endpoint="/api/cascade">
 *   <CascadeChat.Messages />
 *   <CascadeChat.Composer />
 * </CascadeChat.Root>
 * ```
 */
export function Root(props: RootProps) {
  const [provider, { theme = 'auto', className, asChild, ...rest }] = splitProviderProps(props);
  const { children } = props;
  // With asChild the live region joins your element's own children.
  const child =
    asChild && isValidElement<{ children?: ReactNode }>(children)
      ? cloneElement(
          children,
          undefined,
          <Fragment key="ck-children">{children.props.children}</Fragment>,
          <Announcer key="ck-announcer" />,
        )
      : undefined;
  return (
    <CascadeProvider {...provider}>
      {renderPart(
        'div',
        {
          ...rest,
          asChild,
          children: child,
          className: partClass('ck-root', className),
          'data-theme': theme === 'auto' ? undefined : theme,
        },
        child ? undefined : (
          <>
            {children}
            <Announcer />
          </>
        ),
      )}
    </CascadeProvider>
  );
}
