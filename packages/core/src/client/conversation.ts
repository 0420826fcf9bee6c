import { createAnswer } from '../cascade/answer.js';
import { CascadeError } from '../errors.js';
import {
  type AssistantMessage,
  type CascadeStore,
  type ConversationState,
  createMessageId,
} from '../store/conversation-store.js';
import type { CascadeClient } from './cascade-client.js';

/** What the conversation operations need from the client: its store, clock and turn slot. */
export interface ConversationDeps {
  store: CascadeStore;
  now: () => number;
  /** Runs the turn of an answer (one at a time). */
  run(assistant: AssistantMessage): Promise<AssistantMessage>;
  /** Stops the running turn, if any. */
  stop(): void;
}

const rejectWith = (message: string) => Promise.reject(new CascadeError('invalid-argument', message));

/**
 * The operations that change the conversation: send, retry, regenerate, edit and clear. Each
 * checks its input first and leaves the store untouched when it rejects; only one turn runs at a
 * time, so each rejects while one does (except `clear`, which stops it).
 */
export function conversationOperations(
  deps: ConversationDeps,
): Pick<CascadeClient, 'send' | 'retry' | 'regenerate' | 'edit' | 'clear'> {
  const { store, now } = deps;
  const busy = () => store.getState().activeId !== null;

  function freshAssistant(id: string, replyTo: string | undefined): AssistantMessage {
    const message: AssistantMessage = { id, role: 'assistant', answer: createAnswer(now()) };
    if (replyTo !== undefined) message.replyTo = replyTo;
    return message;
  }

  /** Keeps messages up to and including `id`, dropping the rest. */
  function truncateAfter(id: string) {
    store.setState((s) => {
      const index = s.ids.indexOf(id);
      if (index < 0) return {};
      const ids = s.ids.slice(0, index + 1);
      const byId: ConversationState['byId'] = {};
      for (const kept of ids) byId[kept] = s.byId[kept] as ConversationState['byId'][string];
      return { ids, byId };
    });
  }

  const operations: ReturnType<typeof conversationOperations> = {
    send(text) {
      if (typeof text !== 'string' || text.trim() === '') return rejectWith('send() needs a non-empty message text.');
      if (busy()) return rejectWith('A turn is already running. Call stop() before sending again.');
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
      const message = store.getState().byId[assistantId];
      if (message?.role !== 'assistant') return rejectWith(`No assistant message with id "${assistantId}".`);
      if (busy()) return rejectWith('A turn is already running. Call stop() before retrying.');
      truncateAfter(assistantId);
      return deps.run(freshAssistant(assistantId, message.replyTo));
    },
    regenerate() {
      const { ids, byId } = store.getState();
      const lastId = [...ids].reverse().find((id) => byId[id]?.role === 'assistant');
      if (!lastId) return rejectWith('There is no answer to regenerate.');
      return operations.retry(lastId);
    },
    edit(userMessageId, text) {
      const message = store.getState().byId[userMessageId];
      if (message?.role !== 'user') return rejectWith(`No user message with id "${userMessageId}".`);
      if (typeof text !== 'string' || text.trim() === '') return rejectWith('edit() needs a non-empty message text.');
      if (busy()) return rejectWith('A turn is already running. Call stop() before editing.');
      truncateAfter(userMessageId);
      const assistant = freshAssistant(createMessageId('a'), userMessageId);
      store.setState((s) => ({
        ids: [...s.ids, assistant.id],
        byId: { ...s.byId, [userMessageId]: { ...message, content: text }, [assistant.id]: assistant },
      }));
      return deps.run(assistant);
    },
    clear() {
      deps.stop();
      store.setState({ ids: [], byId: {}, activeId: null });
    },
  };
  return operations;
}
