import type { HTMLAttributes } from 'react';
import { CascadeProvider, type CascadeProviderProps, splitProviderProps } from '../context/cascade-provider.js';
import { Announcer } from './announcer.js';

/** Props of {@link Root}. */
export interface RootProps extends CascadeProviderProps, Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Colour scheme: follow the system (default), or force `light` / `dark`. */
  theme?: 'auto' | 'light' | 'dark';
}

/**
 * The root of a chat: provides the conversation to the parts inside, and holds the
 * polite live region that announces each swap to a refined answer (once, never per token).
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
  const [provider, { theme = 'auto', className, ...rest }] = splitProviderProps(props);
  return (
    <CascadeProvider {...provider}>
      <div
        {...rest}
        className={className ? `ck-root ${className}` : 'ck-root'}
        data-theme={theme === 'auto' ? undefined : theme}
      >
        {props.children}
        <Announcer />
      </div>
    </CascadeProvider>
  );
}
