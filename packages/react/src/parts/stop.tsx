import type { ButtonHTMLAttributes } from 'react';
import { useStore } from 'zustand';
import { useCascadeContext } from '../context/cascade-context.js';

/** Props of {@link Stop}. */
export type StopProps = ButtonHTMLAttributes<HTMLButtonElement>;

/**
 * A "Stop" button that ends the running turn (both lanes). Always rendered, so layouts
 * do not jump; disabled while nothing runs.
 *
 * @example
 * ```tsx
 * <CascadeChat.Stop className="my-stop" />
 * ```
 */
export function Stop({ children = 'Stop', className, onClick, ...rest }: StopProps) {
  const { client } = useCascadeContext('CascadeChat.Stop');
  const running = useStore(client.store, (s) => s.activeId !== null);
  return (
    <button
      type="button"
      disabled={!running}
      {...rest}
      className={className ? `ck-button ck-stop ${className}` : 'ck-button ck-stop'}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) client.stop();
      }}
    >
      {children}
    </button>
  );
}
