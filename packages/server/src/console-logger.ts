import type { Logger } from './config/types.js';

/** The default logger: `console.warn` and `console.error`. */
export const consoleLogger: Logger = {
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};
