import type { ReactNode } from 'react';
import { Composer } from '../parts/composer.js';
import { Health, healthUrlFor } from '../parts/health.js';
import { Message } from '../parts/message.js';
import { Messages } from '../parts/messages.js';
import { Retry } from '../parts/retry.js';
import { Root, type RootProps } from '../parts/root.js';
import { Status } from '../parts/status.js';
import { Stop } from '../parts/stop.js';
import { Text } from '../parts/text.js';
import { Trace } from '../parts/trace.js';
import type { UseCascadeHealthOptions } from '../query/use-cascade-health.js';

/** Props of {@link CascadeChat}. */
export interface CascadeChatProps extends Omit<RootProps, 'children'> {
  /** Placeholder of the input. */
  placeholder?: string;
  /** Renders a piece of answer text. Default: safe, incremental markdown. */
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
}

function DefaultMessage({ id, renderText }: { id: string; renderText: ((text: string) => ReactNode) | undefined }) {
  return (
    <Message id={id}>
      <AssistantOrUser renderText={renderText} />
    </Message>
  );
}

function AssistantOrUser({ renderText }: { renderText: ((text: string) => ReactNode) | undefined }) {
  const textProps = renderText ? { render: renderText } : {};
  return (
    <>
      <Status />
      <Text {...textProps} />
      <Retry />
      <Trace />
    </>
  );
}

/**
 * A complete chat, built only from the exported headless parts: the message list, each
 * answer's status, text, retry and trace, and the composer with Send and Stop. Themed by
 * `@cascadekit/react/styles.css` (CSS variables, light and dark).
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
  return (
    <Root {...root}>
      <Health {...healthOptions} />
      <Messages empty={empty ?? <p className="ck-empty">Ask a question to start.</p>}>
        {(id) => renderMessage?.(id) ?? <DefaultMessage id={id} renderText={renderText} />}
      </Messages>
      <Composer {...(placeholder === undefined ? {} : { placeholder })}>
        <Stop />
      </Composer>
    </Root>
  );
}

/** `<CascadeChat>` plus its headless parts as static members. */
export const CascadeChat = Object.assign(CascadeChatComponent, {
  Root,
  Messages,
  Message,
  Text,
  Status,
  Composer,
  Stop,
  Health,
  Retry,
  Trace,
});
