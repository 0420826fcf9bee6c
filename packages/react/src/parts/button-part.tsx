import type { ButtonHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props shared by the kit's buttons: a button's attributes plus `asChild`. */
export interface ButtonPartProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'id'>, AsChildProps {}

/**
 * A kit button: `ck-button` plus `kind`'s class, the caller's handler first, then `act` unless
 * the caller prevented it. `content` is the default label (the caller's children replace it).
 * @internal
 */
export function buttonPart(
  kind: string,
  { className, onClick, asChild, children, ...rest }: ButtonPartProps,
  act: () => void,
  content: ReactNode,
  extra: Record<string, unknown> = {},
) {
  return renderPart(
    'button',
    {
      type: 'button',
      ...rest,
      ...extra,
      asChild,
      children: asChild ? children : undefined,
      className: partClass(`ck-button ${kind}`, className),
      onClick: (event: MouseEvent<HTMLButtonElement>) => {
        onClick?.(event);
        if (!event.defaultPrevented) act();
      },
    },
    asChild ? content : (children ?? content),
  );
}
