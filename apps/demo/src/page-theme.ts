import { useEffect } from 'react';
import type { DemoSettings } from './settings';

/**
 * Puts the theme on `<html>` so the whole page follows it, not only the chat: `light` or `dark`
 * force one, `auto` leaves `prefers-color-scheme` in charge. index.html does the same before
 * the first paint, so a forced dark page never flashes white.
 */
export function usePageTheme(theme: DemoSettings['theme']): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'auto') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
