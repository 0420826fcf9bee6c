import { createStore, type StoreApi } from 'zustand/vanilla';
import { type AnswerState, type AnswerStatus, createAnswer } from '../cascade/answer.js';
import { answerText } from '../cascade/answer-view.js';
import type { ChatMessage } from '../protocol/events.js';

/** A message the user sent. */
export interface UserMessage {
  id: string;
  role: 'user';
  content: string;
  createdAt: number;
}

/** An assistant answer, with the full cascade state behind it. */
export interface AssistantMessage {
  id: string;
  role: 'assistant';
  /** Id of the user message this answers, when there is one. */
  replyTo?: string;
  answer: AnswerState;
}

/** Any message of a conversation. */
export type ConversationMessage = UserMessage | AssistantMessage;

/**
 * The conversation. Messages are kept by id plus an ordered id list, so a token
 * for one answer replaces only that answer's object: selectors on other messages,
 * and on the list itself, see no change.
 */
export interface ConversationState {
  ids: string[];
  byId: Record<string, ConversationMessage>;
  /** Id of the assistant message whose turn is running, if any. */
  activeId: string | null;
}

/** A vanilla zustand store holding one conversation. */
export type CascadeStore = StoreApi<ConversationState>;

let counter = 0;
/** Creates a message id unique within this page or process. */
export function createMessageId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}`;
}

/** An assistant message for a known text (used for initial messages). */
export function settledAssistantMessage(id: string, text: string, now: number): AssistantMessage {
  const answer = createAnswer(now);
  return {
    id,
    role: 'assistant',
    answer: {
      ...answer,
      status: 'final',
      lanes: ['final'],
      final: { status: 'done', text, attempts: [], validation: { ok: true, validator: 'initial' } },
      settledAt: now,
    },
  };
}

/**
 * Creates the conversation store, optionally seeded with earlier messages.
 *
 * @example
 * ```ts
 * const store = createCascadeStore([{ role: 'user', content: 'Hi' }]);
 * store.subscribe((s) => console.log(s.ids.length));
 * ```
 */
export function createCascadeStore(initialMessages: readonly ChatMessage[] = []): CascadeStore {
  const now = Date.now();
  const ids: string[] = [];
  const byId: Record<string, ConversationMessage> = {};
  for (const message of initialMessages) {
    if (message.role === 'system') continue; // system prompts belong to the server's chain config
    const id = createMessageId(message.role === 'user' ? 'u' : 'a');
    byId[id] =
      message.role === 'user'
        ? { id, role: 'user', content: message.content, createdAt: now }
        : settledAssistantMessage(id, message.content, now);
    ids.push(id);
  }
  return createStore<ConversationState>()(() => ({ ids, byId, activeId: null }));
}

/** Statuses of an answer whose text stands, so it is sent back as history. */
const STANDING: ReadonlySet<AnswerStatus> = new Set<AnswerStatus>(['final', 'draft-only', 'accepted']);

/**
 * The conversation as chat messages for the server: user messages, and the answers
 * that stand (final, draft-only or accepted). Failed, stopped and incomplete answers are
 * left out so that no partial text is ever presented to a model as something it said.
 */
export function toChatHistory(state: ConversationState, upTo?: string): ChatMessage[] {
  const history: ChatMessage[] = [];
  for (const id of state.ids) {
    if (id === upTo) break;
    const message = state.byId[id];
    if (!message) continue;
    if (message.role === 'user') history.push({ role: 'user', content: message.content });
    else if (STANDING.has(message.answer.status)) {
      const text = answerText(message.answer);
      if (text) history.push({ role: 'assistant', content: text });
    }
  }
  return history;
}
