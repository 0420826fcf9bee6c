import { CascadeError } from '../errors.js';
import type { CascadeEvent, ChatMessage } from '../protocol/events.js';
import { type AssistantMessage, type CascadeStore, createCascadeStore } from '../store/conversation-store.js';
import { asValidators, nonEmpty, type Validator } from '../validate/validators.js';
import { conversationOperations } from './conversation.js';
import type { EarlyAccept } from './early-accept.js';
import { runTurn, type TurnContext } from './run-turn.js';
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
 * conversation in a vanilla zustand store. One turn runs at a time.
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
  let controller: AbortController | null = null;

  async function run(assistant: AssistantMessage): Promise<AssistantMessage> {
    if (store.getState().activeId !== null) {
      throw new CascadeError('invalid-argument', 'A turn is already running. Call stop() before sending again.');
    }
    const abort = new AbortController();
    controller = abort;
    try {
      return await runTurn(context, assistant, abort);
    } finally {
      if (controller === abort) controller = null;
    }
  }
  const stop = () => controller?.abort();
  return { store, stop, ...conversationOperations({ store, now, run, stop }) };
}
