import { createAnswer } from '../cascade/answer.js';
import { CascadeError } from '../errors.js';
import {
  type AssistantMessage,
  type CascadeStore,
  type ConversationState,
  createMessageId,
} from '../store/conversation-store.js';
import type { CascadeClient } from './cascade-client.js';

/** What the conversation operations need from the client: its store, clock and turns. */
export interface ConversationDeps {
  store: CascadeStore;
  now: () => number;
  /** Runs the turn of an answer. */
  run(assistant: AssistantMessage): Promise<AssistantMessage>;
  /** Whether `send` may run now (see `CascadeClient.canSend`). */
  canSend(): boolean;
  /** Applies `whileRefining` to the turns still running, just before a new message is sent. */
  beforeSend(): void;
  /** Aborts the turn of answer `id` (all turns without an id): its message is going away. */
  abort(id?: string): void;
}

const rejectWith = (message: string) => Promise.reject(new CascadeError('invalid-argument', message));

/**
 * The operations that change the conversation: send, retry, regenerate, edit, rate and clear.
 * Each checks its input first and leaves the store untouched when it rejects. Retry and edit
 * truncate: the messages after the one they act on are removed and their turns aborted.
 */
export function conversationOperations(
  deps: ConversationDeps,
): Pick<CascadeClient, 'send' | 'retry' | 'regenerate' | 'edit' | 'rate' | 'clear'> {
  const { store, now } = deps;

  function freshAssistant(id: string, replyTo: string | undefined): AssistantMessage {
    const message: AssistantMessage = { id, role: 'assistant', answer: createAnswer(now()) };
    if (replyTo !== undefined) message.replyTo = replyTo;
    return message;
  }

  /** Keeps messages up to and including `id`, dropping the rest (and aborting their turns). */
  function truncateAfter(id: string) {
    const { ids, running } = store.getState();
    const dropped = new Set(ids.slice(ids.indexOf(id) + 1));
    for (const runningId of running) if (dropped.has(runningId)) deps.abort(runningId);
    store.setState((s) => {
      const index = s.ids.indexOf(id);
      if (index < 0) return {};
      const kept = s.ids.slice(0, index + 1);
      const byId: ConversationState['byId'] = {};
      for (const keptId of kept) byId[keptId] = s.byId[keptId] as ConversationState['byId'][string];
      return { ids: kept, byId };
    });
  }

  const notReadable = 'The answer before has nothing readable yet: wait for its draft, or call stop() first.';
  const operations: ReturnType<typeof conversationOperations> = {
    send(text) {
      if (typeof text !== 'string' || text.trim() === '') return rejectWith('send() needs a non-empty message text.');
      if (!deps.canSend()) return rejectWith(notReadable);
      deps.beforeSend();
      const userId = createMessageId('u');
      const assistant = freshAssistant(createMessageId('a'), userId);
      store.setState((s) => ({
        ids: [...s.ids, userId, assistant.id],
        byId: {
          ...s.byId,
          [userId]: { id: userId, role: 'user', content: text, createdAt: now() },
          [assistant.id]: assistant,
        },
      }));
      return deps.run(assistant);
    },
    retry(assistantId) {
      const { byId, running } = store.getState();
      const message = byId[assistantId];
      if (message?.role !== 'assistant') return rejectWith(`No assistant message with id "${assistantId}".`);
      if (running.includes(assistantId)) return rejectWith('This answer is still running: stop() it before retrying.');
      truncateAfter(assistantId);
      return deps.run(freshAssistant(assistantId, message.replyTo));
    },
    regenerate() {
      const { ids, byId } = store.getState();
      const lastId = ids.findLast((id) => byId[id]?.role === 'assistant');
      if (!lastId) return rejectWith('There is no answer to regenerate.');
      return operations.retry(lastId);
    },
    edit(userMessageId, text) {
      const message = store.getState().byId[userMessageId];
      if (message?.role !== 'user') return rejectWith(`No user message with id "${userMessageId}".`);
      if (typeof text !== 'string' || text.trim() === '') return rejectWith('edit() needs a non-empty message text.');
      truncateAfter(userMessageId);
      const assistant = freshAssistant(createMessageId('a'), userMessageId);
      store.setState((s) => ({
        ids: [...s.ids, assistant.id],
        byId: { ...s.byId, [userMessageId]: { ...message, content: text }, [assistant.id]: assistant },
      }));
      return deps.run(assistant);
    },
    rate(assistantId, feedback) {
      if (store.getState().byId[assistantId]?.role !== 'assistant') {
        throw new CascadeError('invalid-argument', `No assistant message with id "${assistantId}" to rate.`);
      }
      store.setState((s) => {
        const message = s.byId[assistantId];
        if (message?.role !== 'assistant') return {};
        const { feedback: _, ...rest } = message;
        return { byId: { ...s.byId, [assistantId]: feedback ? { ...rest, feedback } : rest } };
      });
    },
    clear() {
      deps.abort();
      store.setState({ ids: [], byId: {}, running: [], activeId: null });
    },
  };
  return operations;
}
