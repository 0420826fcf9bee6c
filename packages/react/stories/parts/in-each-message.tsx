import { ChatMessage, ChatStatus, ChatText, ChatTime } from '@cascadekit/react';
import type { ComponentType } from 'react';
import { chatCode, StoryChat, type StoryChatProps } from '../story-chat';

/** The parts a story may put beside the one it shows, by their export names. */
const BESIDE = { ChatStatus, ChatText, ChatTime } as const;

/** Options of {@link inEachMessage}. */
export interface InEachMessageOptions {
  /** Export name of the part shown: how the code names it. */
  name: string;
  /** The parts of each message in order, `'*'` being the part shown. Default `['ChatText', '*']`. */
  layout?: readonly (keyof typeof BESIDE | '*')[];
  /** Props of the chat around it (knobs, height, a `fetch` wrapper, `onFeedback` …). */
  chat?: Omit<StoryChatProps, 'children'>;
  /** Extra props of `<ChatRoot>` in the code shown, as JSX attributes. */
  rootCode?: string;
}

/**
 * `render` and "Show code" of a story that shows a part in each message of a chat: the story runs
 * on the simulated backend and its args go to the part; the code is what an app writes for it.
 */
export function inEachMessage<A extends object>(
  Part: ComponentType<A>,
  { name, layout = ['ChatText', '*'], chat, rootCode }: InEachMessageOptions,
) {
  const render = (args: A) => (
    <StoryChat {...chat}>
      {(id) => (
        <ChatMessage id={id}>
          {layout.map((slot) => {
            if (slot === '*') return <Part key={slot} {...args} />;
            const Beside = BESIDE[slot];
            return <Beside key={slot} />;
          })}
        </ChatMessage>
      )}
    </StoryChat>
  );
  return {
    render,
    parameters: chatCode({ root: rootCode, parts: layout.map((slot) => (slot === '*' ? name : slot)) }),
  };
}
