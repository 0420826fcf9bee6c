import { standingText } from '../cascade/answer-view.js';
import type { PersistOptions } from '../persist/storage.js';
import type { CascadeEvent, ChatMessage } from '../protocol/events.js';
import {
  type AssistantMessage,
  type CascadeStore,
  type ConversationState,
  createCascadeStore,
  type Feedback,
} from '../store/conversation-store.js';
import { asValidators, nonEmpty, type Validator } from '../validate/validators.js';
import { conversationOperations } from './conversation.js';
import { type EarlyAccept, NEXT_MESSAGE_ACCEPT_MESSAGE } from './early-accept.js';
import { runTurn, type TurnContext, type TurnControl, turnControl } from './run-turn.js';
import { frameScheduler, type Scheduler } from './scheduler.js';

/** Options of {@link createCascadeClient}. */
export interface CascadeClientOptions {
  /** URL of the cascade route. Default `/api/cascade`. */
  endpoint?: string;
  /** Chain to run; the server's default chain when omitted. */
  chain?: string;
  /** `fetch` to use, e.g. one that adds auth or calls a handler in-process. */
  fetch?: typeof fetch;
  /** Extra request headers, or a function returning them per request. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /**
   * Accept the draft early and cancel the final lane to save its cost: `true` asks the server,
   * validators let the client judge the finished draft (see {@link EarlyAccept}). The answer then
   * settles as `accepted`. Read per turn. Default off.
   */
  earlyAccept?: EarlyAccept;
  /**
   * What sending does while an earlier answer is still being refined (its draft is complete and
   * readable, the final lane still works). Read per send. Default `'keep'`.
   * - `keep`: the earlier answer keeps refining in the background and may still be upgraded; the
   *   new turn's history holds the text shown at send time (the draft).
   * - `accept-draft`: the earlier draft is accepted (status `accepted`) and its final lane cancelled.
   * - `stop`: the earlier turn is stopped as by `stop()`; with this choice sending also works while
   *   an earlier answer has nothing readable yet.
   * With `keep` and `accept-draft`, `send` waits for a readable answer: while an earlier answer is
   * `pending` or its draft still streams, `canSend()` is false and `send` rejects.
   */
  whileRefining?: WhileRefining;
  /** Client-side check of the final lane before it replaces the draft. Default: non-empty. */
  validate?: Validator | readonly Validator[];
  /** Messages to start the conversation with. Ignored when `store` is given. */
  initialMessages?: readonly ChatMessage[];
  /** An existing store to drive, e.g. to share one conversation between views. */
  store?: CascadeStore;
  /** How token updates are batched. Default: once per animation frame. */
  schedule?: Scheduler;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Called for every protocol event, after it was applied. */
  onEvent?: (event: CascadeEvent, messageId: string) => void;
  /** Called once per answer when it settles (any terminal status). */
  onSettled?: (message: AssistantMessage) => void;
  /**
   * Save the conversation and restore it when a client is created again (after a reload): `true`
   * for localStorage under the default key, or {@link PersistOptions}. An answer whose turn was
   * running when the page went away comes back `interrupted` (`retry` runs it again). Saving is
   * throttled (never a write per token), and failures go to `persist.onError`, never to the chat.
   * `clear()` removes the saved conversation. Read once, when the client is created. Default off.
   */
  persist?: boolean | PersistOptions;
}

/** What sending does while an earlier answer is being refined, see {@link CascadeClientOptions.whileRefining}. */
export type WhileRefining = 'keep' | 'accept-draft' | 'stop';

/** A conversation driven over the cascade protocol. Framework-agnostic. */
export interface CascadeClient {
  /** The vanilla zustand store with the conversation. */
  readonly store: CascadeStore;
  /**
   * Sends a user message and streams the answer. Resolves with the settled answer. While earlier
   * turns run it follows `whileRefining`; it rejects (`invalid-argument`) when `canSend()` is false.
   */
  send(text: string): Promise<AssistantMessage>;
  /**
   * Whether `send` may run now (for `state`, default the store's): true unless, with `whileRefining`
   * `keep` or `accept-draft`, a running answer has nothing readable yet (pending, or its draft
   * still streams). Pure over the state, so a UI can select it from the store.
   */
  canSend(state?: ConversationState): boolean;
  /**
   * Stops every running turn, or only the answer `assistantId`'s. Both lanes are aborted on the
   * server. An answer whose draft is complete keeps it: it settles `accepted` (by the user), its
   * refinement cancelled. Anything else settles `stopped`, its partial text kept but marked.
   */
  stop(assistantId?: string): void;
  /**
   * Runs an answer's turn again in place (after an error, a stop, or to regenerate any answer).
   * Messages after it are removed (their turns aborted). Rejects while that answer's turn runs.
   */
  retry(assistantId: string): Promise<AssistantMessage>;
  /** Runs the last answer again (see `retry`). */
  regenerate(): Promise<AssistantMessage>;
  /**
   * Replaces a user message's text and answers it again. Edit truncates: everything after the
   * message is removed (running turns there are aborted); there are no branches.
   */
  edit(userMessageId: string, text: string): Promise<AssistantMessage>;
  /** Records the user's rating of an answer (`null` clears it) on its message in the store. */
  rate(assistantId: string, feedback: Feedback | null): void;
  /** Removes every message. Aborts running turns first. */
  clear(): void;
}

/**
 * Creates a client that sends messages to a cascade endpoint and keeps the conversation in a
 * vanilla zustand store. Several turns may run at once: by default (`whileRefining: 'keep'`) an
 * answer keeps refining in the background while the user sends the next message.
 *
 * @example
 * ```ts
 * const client = createCascadeClient({ endpoint: '/api/cascade' });
 * client.store.subscribe((s) => render(s));
 * await client.send('What is a circuit breaker?');
 * ```
 */
export function createCascadeClient(options: CascadeClientOptions = {}): CascadeClient {
  const store = options.store ?? createCascadeStore(options.initialMessages);
  const now = options.now ?? Date.now;
  const context: TurnContext = {
    store,
    options,
    validators: options.validate === undefined ? [nonEmpty] : asValidators(options.validate),
    schedule: options.schedule ?? frameScheduler,
    now,
  };
  const turns = new Map<string, TurnControl>();
  const { persist } = options;
  if (persist) {
    // A chunk of its own, so a chat without `persist` never ships it.
    const { ids } = store.getState();
    store.setState({ restoring: true });
    import('../persist/persist-conversation.js')
      .then((m) => m.persistConversation(store, persist, now, ids))
      .catch(() => store.setState({ restoring: false }));
  }

  async function run(assistant: AssistantMessage): Promise<AssistantMessage> {
    const control = turnControl();
    turns.set(assistant.id, control);
    try {
      return await runTurn(context, assistant, control);
    } finally {
      if (turns.get(assistant.id) === control) turns.delete(assistant.id);
    }
  }
  const each = (id: string | undefined, act: (turn: TurnControl) => void) => {
    for (const [turnId, turn] of [...turns]) if (id === undefined || id === turnId) act(turn);
  };
  const stop = (id?: string) => each(id, (turn) => turn.stop());
  const whileRefining = () => options.whileRefining ?? 'keep';
  const canSend = (state: ConversationState = store.getState()) =>
    whileRefining() === 'stop' ||
    state.running.every((id) => {
      const message = state.byId[id];
      return message?.role !== 'assistant' || standingText(message.answer) !== '';
    });
  const operations = conversationOperations({
    store,
    now,
    run,
    canSend,
    // What `send` does to the turns still running, per `whileRefining`.
    beforeSend() {
      const policy = whileRefining();
      if (policy === 'stop') stop();
      else if (policy === 'accept-draft') each(undefined, (turn) => turn.accept(NEXT_MESSAGE_ACCEPT_MESSAGE));
    },
    abort: (id) => each(id, (turn) => turn.abort.abort()),
  });
  return { store, stop, canSend, ...operations };
}
