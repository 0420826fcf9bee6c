import { reduceAnswer, TERMINAL_STATUSES } from '../cascade/answer.js';
import type { ConversationMessage } from '../store/conversation-store.js';
import { PersistError } from './persist-error.js';
import { savedConversationProblem } from './saved-shape.js';
import { PERSIST_VERSION, type PersistOptions, type SavedConversation } from './storage.js';

/** Why a restored answer reads `interrupted` (its `error.message`). */
export const INTERRUPTED_MESSAGE = 'The page was closed or reloaded before the answer finished.';

/**
 * The messages of a saved value, ready for the store: checked (a record of another version goes
 * through `migrate`), and every answer whose turn was still running when it was saved settled as
 * `interrupted`. `undefined` when nothing is saved; a `PersistError` when it cannot be used.
 */
export function restoredMessages(
  value: unknown,
  key: string,
  options: Pick<PersistOptions, 'migrate'>,
  now: number,
): Pick<SavedConversation, 'ids' | 'byId'> | PersistError | undefined {
  if (value === undefined || value === null) return undefined;
  let saved: unknown = value;
  const version = (value as { version?: unknown }).version;
  if (typeof value === 'object' && !Array.isArray(value) && version !== undefined && version !== PERSIST_VERSION) {
    saved = options.migrate?.(value as Record<string, unknown>);
    if (saved === undefined) {
      return new PersistError(
        'unknown-version',
        key,
        `The saved conversation "${key}" has format version ${JSON.stringify(version)}, not ${PERSIST_VERSION}; it was discarded.`,
      );
    }
  }
  const problem = savedConversationProblem(saved);
  if (problem) {
    return new PersistError('corrupt', key, `The saved conversation "${key}" was discarded: ${problem}.`);
  }
  const { ids, byId } = saved as SavedConversation;
  const messages: Record<string, ConversationMessage> = {};
  for (const id of ids) {
    const message = byId[id] as ConversationMessage;
    messages[id] =
      message.role === 'assistant' && !TERMINAL_STATUSES.has(message.answer.status)
        ? {
            ...message,
            answer: reduceAnswer(
              message.answer,
              { type: 'client-end', outcome: 'interrupted', code: 'interrupted', message: INTERRUPTED_MESSAGE },
              now,
            ),
          }
        : message;
  }
  return { ids: [...ids], byId: messages };
}
