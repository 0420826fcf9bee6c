import { createContext } from 'react';
import type { AutoScroll } from '../hooks/use-auto-scroll.js';

/** @internal The scroll state of the nearest `<CascadeChat.Messages>`, for `<CascadeChat.JumpToLatest>`. */
export const ScrollContext = createContext<AutoScroll | null>(null);
