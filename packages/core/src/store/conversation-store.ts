import { createStore, type StoreApi } from 'zustand/vanilla';
import { type AnswerState, createAnswer } from '../cascade/answer.js';
import { standingText } from '../cascade/answer-view.js';
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
  /** The user's rating of the answer (`client.rate`), when given. */
  feedback?: Feedback;
}

/** A user's rating of an answer. */
export type Feedback = 'up' | 'down';

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
  /** Ids of the assistant messages whose turns are running, oldest first. Several may run: with
   * `whileRefining: 'keep'` an earlier answer keeps refining while the next one streams. */
  running: string[];
  /** Id of the newest running answer (the last of `running`), or `null` when none runs. */
  activeId: string | null;
  /**
   * True while a saved conversation is being read (`persist`), so a UI can hold back its "empty"
   * placeholder; the messages arrive when it turns false. Absent without `persist`.
   */
  restoring?: boolean;
}

/** A vanilla zustand store holding one conversation. */
export type CascadeStore = StoreApi<ConversationState>;

let counter = 0;
/** The running turns after `id` started (`add`) or ended, with `activeId` kept as the newest. */
export function runningAfter(
  state: ConversationState,
  id: string,
  add: boolean,
): Pick<ConversationState, 'running' | 'activeId'> {
  const running = state.running.filter((r) => r !== id);
  if (add) running.push(id);
  return { running, activeId: running[running.length - 1] ?? null };
}

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
  return createStore<ConversationState>()(() => ({ ids, byId, running: [], activeId: null }));
}

/**
 * The conversation as chat messages for the server: user messages, and each answer's
 * `standingText` (the final, draft-only or accepted text, or a complete draft still being
 * refined: the text the user reads at send time). Failed, stopped and incomplete answers, and
 * drafts still streaming, are left out so that no partial text is ever presented to a model as
 * something it said.
 */
export function toChatHistory(state: ConversationState, upTo?: string): ChatMessage[] {
  const history: ChatMessage[] = [];
  for (const id of state.ids) {
    if (id === upTo) break;
    const message = state.byId[id];
    if (!message) continue;
    if (message.role === 'user') history.push({ role: 'user', content: message.content });
    else {
      const text = standingText(message.answer);
      if (text) history.push({ role: 'assistant', content: text });
    }
  }
  return history;
}
