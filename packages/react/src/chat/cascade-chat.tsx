import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { loadCodeBlock } from '../markdown/plain-code-block.js';
import { Composer } from '../parts/composer.js';
import type { HealthProps } from '../parts/health.js';
import type { JumpToLatestProps } from '../parts/jump-to-latest.js';
import { Message } from '../parts/message.js';
import { Messages } from '../parts/messages.js';
import { Root, type RootProps } from '../parts/root.js';
import { Status } from '../parts/status.js';
import { Stop } from '../parts/stop.js';
import { Text } from '../parts/text.js';
import type { TimeProps } from '../parts/time.js';
import { healthUrlFor } from '../query/health-url.js';
import type { UseCascadeHealthOptions } from '../query/use-cascade-health.js';
import type { MessageExtrasProps } from './message-extras.js';

/** Props of {@link CascadeChat}. */
export interface CascadeChatProps extends Omit<RootProps, 'children' | 'asChild'> {
  /** Placeholder of the input. Default `labels.chat.placeholder`. */
  placeholder?: string;
  /** Renders a piece of answer text. Default: safe, incremental markdown with highlighted code. */
  renderText?: (text: string) => ReactNode;
  /** Replaces the default content of each message. */
  renderMessage?: (id: string) => ReactNode;
  /** Shown while the conversation is empty. */
  empty?: ReactNode;
  /**
   * Poll the server's health route and name models whose breaker is open. Default true, at
   * the route beside `endpoint` (`/api/cascade` → `/api/health`); pass options to tune it.
   */
  health?: boolean | UseCascadeHealthOptions;
  /** Show each message's time. Default true. */
  timestamps?: boolean;
}

interface DefaultMessageProps {
  id: string;
  renderText: ((text: string) => ReactNode) | undefined;
  timestamps: boolean;
  feedback: boolean;
}

const loadExtras = () => import('./message-extras.js');
const MessageExtras: ComponentType<MessageExtrasProps> = lazy(() =>
  loadExtras().then((m) => ({ default: m.MessageExtras })),
);
// The health notice renders nothing while every model is available: it comes with the same chunk.
const Health: ComponentType<HealthProps> = lazy(() => loadExtras().then((m) => ({ default: m.Health })));
const Time: ComponentType<TimeProps> = lazy(() => loadExtras().then((m) => ({ default: m.Time })));
// Shown only once the reader scrolls up: the same chunk.
const JumpToLatest: ComponentType<JumpToLatestProps> = lazy(() =>
  loadExtras().then((m) => ({ default: m.JumpToLatest })),
);

/** The built-in message: status and text at once, the actions row from its chunk. */
function DefaultMessage({ id, renderText, timestamps, feedback }: DefaultMessageProps) {
  const role = useConversationMessage(id, (m) => m?.role);
  if (role === undefined) return null;
  return (
    <Message id={id}>
      {role === 'assistant' && (
        <div className="ck-message-head">
          <Status />
          {timestamps && (
            <Suspense fallback={null}>
              <Time />
            </Suspense>
          )}
        </div>
      )}
      <Text {...(renderText ? { render: renderText } : {})} />
      <Suspense fallback={<div className="ck-actions" />}>
        <MessageExtras role={role} timestamps={timestamps} feedback={feedback} />
      </Suspense>
    </Message>
  );
}

/**
 * A complete chat, built only from the exported headless parts: the message list with
 * "Jump to latest", each answer's status in plain words, its text (markdown, highlighted code),
 * actions (copy, retry, regenerate, show changes, feedback), time, cost and trace, and each
 * question's copy and edit; then the composer with Send and Stop. Themed by
 * `@cascadekit/react/styles.css` (CSS variables, light and dark). Feedback buttons show when
 * `onFeedback` is given.
 *
 * @example
 * ```tsx
 * import { CascadeChat } from '@cascadekit/react';
 * import '@cascadekit/react/styles.css';
 *
 * <CascadeChat endpoint="/api/cascade" />
 * ```
 */
function CascadeChatComponent({
  placeholder,
  renderText,
  renderMessage,
  empty,
  health = true,
  timestamps = true,
  ...root
}: CascadeChatProps) {
  const endpoint = root.endpoint ?? '/api/cascade';
  const healthUrl = healthUrlFor(endpoint);
  const healthOptions: UseCascadeHealthOptions = {
    url: healthUrl,
    enabled: health !== false && healthUrl !== endpoint,
    ...(root.fetch ? { fetch: root.fetch } : {}),
    ...(typeof health === 'object' ? health : {}),
  };
  const feedback = root.onFeedback !== undefined;
  // The actions' and code blocks' chunks start loading with the chat, long before an answer needs them.
  loadExtras();
  loadCodeBlock();
  return (
    <Root {...root}>
      <Suspense fallback={null}>
        <Health {...healthOptions} />
      </Suspense>
      <Messages
        empty={empty}
        jumpToLatest={
          <Suspense fallback={null}>
            <JumpToLatest />
          </Suspense>
        }
      >
        {(id) =>
          renderMessage?.(id) ?? (
            <DefaultMessage id={id} renderText={renderText} timestamps={timestamps} feedback={feedback} />
          )
        }
      </Messages>
      <Composer {...(placeholder === undefined ? {} : { placeholder })}>
        <Stop />
      </Composer>
    </Root>
  );
}

/**
 * `<CascadeChat>` plus the layout parts as static members (`CascadeChat.Root`, `.Messages`,
 * `.Message`, `.Status`, `.Text`, `.Composer`, `.Stop`). Every part
 * is also a named export (`ChatText` …); the per-message action and detail parts (`ChatHealth`, `ChatJumpToLatest`, `ChatRetry`,
 * `ChatRegenerate`, `ChatCopy`, `ChatEdit`, `ChatFeedback`, `ChatShowChanges`, `ChatTime`,
 * `ChatCost`, `ChatTrace`) are named exports only: the drop-in chat loads them as a chunk after
 * it mounts, so its start bundle does not carry them.
 */
export const CascadeChat = Object.assign(CascadeChatComponent, {
  Root,
  Messages,
  Message,
  Text,
  Status,
  Composer,
  Stop,
});
