import { type ClientEvent, createAnswer, reduceAnswer, TERMINAL_STATUSES } from '../cascade/answer.js';
import { CascadeError } from '../errors.js';
import type { CascadeEvent, CascadeRequest, ChatMessage } from '../protocol/events.js';
import {
  type AssistantMessage,
  type CascadeStore,
  type ConversationState,
  createCascadeStore,
  createMessageId,
  toChatHistory,
} from '../store/conversation-store.js';
import { nonEmpty, runValidators, untilAborted, type Validator } from '../validate/validators.js';
import { frameScheduler, type Scheduler } from './scheduler.js';
import { streamCascadeBatches } from './transport.js';

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
   * Ask the server to accept the draft early: once the draft lane completes, the final lane is
   * cancelled to save its cost and the draft stands (`draft-only`, with the turn's cost summary).
   */
  earlyAccept?: boolean;
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
}

/** A conversation driven over the cascade protocol. Framework-agnostic. */
export interface CascadeClient {
  /** The vanilla zustand store with the conversation. */
  readonly store: CascadeStore;
  /** Sends a user message and streams the answer. Resolves with the settled answer. */
  send(text: string): Promise<AssistantMessage>;
  /** Stops the running turn. Both lanes are aborted on the server. */
  stop(): void;
  /** Runs an answer's turn again in place (after an error, a stop, or to regenerate). */
  retry(assistantId: string): Promise<AssistantMessage>;
  /** Runs the last answer again. */
  regenerate(): Promise<AssistantMessage>;
  /** Replaces a user message's text, drops everything after it and answers again. */
  edit(userMessageId: string, text: string): Promise<AssistantMessage>;
  /** Removes every message. Stops a running turn first. */
  clear(): void;
}

/**
 * Creates a client that sends messages to a cascade endpoint and keeps the
 * conversation in a vanilla zustand store.
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
  const schedule = options.schedule ?? frameScheduler;
  const validators: readonly Validator[] = Array.isArray(options.validate)
    ? (options.validate as readonly Validator[])
    : [(options.validate as Validator | undefined) ?? nonEmpty];
  let controller: AbortController | null = null;

  function patchMessage(state: ConversationState, message: AssistantMessage): Partial<ConversationState> {
    return { byId: { ...state.byId, [message.id]: message } };
  }

  async function runTurn(assistant: AssistantMessage): Promise<AssistantMessage> {
    if (store.getState().activeId !== null) {
      throw new CascadeError('invalid-argument', 'A turn is already running. Call stop() before sending again.');
    }
    const abort = new AbortController();
    controller = abort;
    const messages = toChatHistory(store.getState(), assistant.id);
    let answer = assistant.answer;
    let cancelFlush = null as (() => void) | null;

    const commit = () => {
      cancelFlush = null;
      store.setState((s) => {
        const current = s.byId[assistant.id];
        return current ? patchMessage(s, { ...(current as AssistantMessage), answer }) : {};
      });
    };
    const apply = (event: CascadeEvent | ClientEvent) => {
      answer = reduceAnswer(answer, event, now());
      if (TERMINAL_STATUSES.has(answer.status) || event.type !== 'delta') {
        // Anything but a token is rare and meaningful: show it at once.
        cancelFlush?.();
        commit();
      } else if (cancelFlush === null) {
        // A scheduler may flush synchronously; only keep its cancel handle when it has not.
        let flushed = false;
        const cancel = schedule(() => {
          flushed = true;
          commit();
        });
        if (!flushed) cancelFlush = cancel;
      }
    };

    store.setState((s) => ({ ...patchMessage(s, assistant), activeId: assistant.id }));
    try {
      const body: CascadeRequest = { messages };
      if (options.chain !== undefined) body.chain = options.chain;
      if (options.earlyAccept === true) body.earlyAccept = true;
      const headers = typeof options.headers === 'function' ? options.headers() : options.headers;
      const stream = streamCascadeBatches({
        endpoint: options.endpoint ?? '/api/cascade',
        body,
        signal: abort.signal,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(headers ? { headers } : {}),
      });
      for await (const batch of stream) {
        for (const event of batch) {
          apply(event);
          if (event.type === 'lane-done' && event.lane === 'final') {
            // Stop ends the turn even while a validator runs, and tells the validator (e.g. one
            // that asks another model) through the signal.
            const verdict = await untilAborted(
              runValidators(validators, event.text, { signal: abort.signal }),
              abort.signal,
            );
            apply({ type: 'client-validation', lane: 'final', ...verdict });
          }
          options.onEvent?.(event, assistant.id);
        }
      }
    } catch (error) {
      const e =
        error instanceof CascadeError
          ? error
          : new CascadeError('network', 'The request failed before the answer could stream.', { cause: error });
      const outcome = abort.signal.aborted ? 'stopped' : e.code === 'incomplete' ? 'incomplete' : 'error';
      apply({ type: 'client-end', outcome, code: abort.signal.aborted ? 'aborted' : e.code, message: e.message });
    } finally {
      if (!TERMINAL_STATUSES.has(answer.status)) {
        apply({
          type: 'client-end',
          outcome: 'incomplete',
          code: 'incomplete',
          message: 'The answer stream ended before it was complete.',
        });
      }
      cancelFlush?.();
      commit();
      if (controller === abort) controller = null;
      store.setState((s) => (s.activeId === assistant.id ? { activeId: null } : {}));
    }
    const settled = store.getState().byId[assistant.id] as AssistantMessage;
    options.onSettled?.(settled);
    return settled;
  }

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

  const client: CascadeClient = {
    store,
    send(text) {
      if (typeof text !== 'string' || text.trim() === '') {
        return Promise.reject(new CascadeError('invalid-argument', 'send() needs a non-empty message text.'));
      }
      if (store.getState().activeId !== null) {
        return Promise.reject(
          new CascadeError('invalid-argument', 'A turn is already running. Call stop() before sending again.'),
        );
      }
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
      return runTurn(assistant);
    },
    stop() {
      controller?.abort();
    },
    retry(assistantId) {
      const message = store.getState().byId[assistantId];
      if (message?.role !== 'assistant') {
        return Promise.reject(new CascadeError('invalid-argument', `No assistant message with id "${assistantId}".`));
      }
      if (store.getState().activeId !== null) {
        return Promise.reject(
          new CascadeError('invalid-argument', 'A turn is already running. Call stop() before retrying.'),
        );
      }
      truncateAfter(assistantId);
      return runTurn(freshAssistant(assistantId, message.replyTo));
    },
    regenerate() {
      const { ids, byId } = store.getState();
      const lastId = [...ids].reverse().find((id) => byId[id]?.role === 'assistant');
      if (!lastId) return Promise.reject(new CascadeError('invalid-argument', 'There is no answer to regenerate.'));
      return client.retry(lastId);
    },
    edit(userMessageId, text) {
      const message = store.getState().byId[userMessageId];
      if (message?.role !== 'user') {
        return Promise.reject(new CascadeError('invalid-argument', `No user message with id "${userMessageId}".`));
      }
      if (typeof text !== 'string' || text.trim() === '') {
        return Promise.reject(new CascadeError('invalid-argument', 'edit() needs a non-empty message text.'));
      }
      if (store.getState().activeId !== null) {
        return Promise.reject(
          new CascadeError('invalid-argument', 'A turn is already running. Call stop() before editing.'),
        );
      }
      truncateAfter(userMessageId);
      const assistant = freshAssistant(createMessageId('a'), userMessageId);
      store.setState((s) => ({
        ids: [...s.ids, assistant.id],
        byId: { ...s.byId, [userMessageId]: { ...message, content: text }, [assistant.id]: assistant },
      }));
      return runTurn(assistant);
    },
    clear() {
      controller?.abort();
      store.setState({ ids: [], byId: {}, activeId: null });
    },
  };
  return client;
}
