import {
  ChatComposer,
  ChatMessage,
  ChatMessages,
  ChatRoot,
  ChatStatus,
  ChatStop,
  ChatText,
  type ComposerProps,
  type MessagesProps,
  type RootProps,
} from '@cascadekit/react';
import { type ReactNode, useMemo } from 'react';
import { DEFAULT_KNOBS, type SimulatorKnobs, simulatedFetch } from './simulated-backend';

/**
 * The simulated models of the parts' and hooks' stories: the draft reads in a few tenths of a
 * second and the final answer replaces it about half a second later, so each story shows the
 * whole cascade without making the reader wait.
 */
export const QUICK_KNOBS: SimulatorKnobs = {
  ...DEFAULT_KNOBS,
  draftTokensPerSecond: 150,
  finalTtftMs: 500,
  finalTokensPerSecond: 200,
};

/** A `fetch` running the real handler in the page with `QUICK_KNOBS` and the given changes, one per set of knobs. */
export function useSimulatedFetch(knobs: Partial<SimulatorKnobs> = {}): typeof fetch {
  // The knobs' value, not the object's identity, decides when a new backend is needed.
  const key = JSON.stringify(knobs);
  return useMemo(() => simulatedFetch({ ...QUICK_KNOBS, ...(JSON.parse(key) as Partial<SimulatorKnobs>) }), [key]);
}

const statusAndText = (id: string) => (
  <ChatMessage id={id}>
    <ChatStatus />
    <ChatText />
  </ChatMessage>
);

/** Props of {@link StoryChat}. */
export interface StoryChatProps extends Omit<RootProps, 'children'> {
  /** Renders one message by id: where a story puts the part it shows. Default: status and text. */
  children?: (id: string) => ReactNode;
  /** Changes to `QUICK_KNOBS` (failures, prices, timing); ignored when `fetch` is given. */
  knobs?: Partial<SimulatorKnobs>;
  /** Props of the `<ChatMessages>` inside (`empty`, `jumpToLatest` …). */
  messages?: Omit<MessagesProps, 'children'>;
  /** Shown before the message list, inside the root. */
  header?: ReactNode;
  /** Controls after Send in the composer. Default `<ChatStop />`. */
  composer?: ReactNode;
  /** Props of the `<ChatComposer>` inside (`placeholder` …). */
  composerProps?: Omit<ComposerProps, 'children'>;
  /** Wraps the chat's `fetch` once per mount (a network that fails once, say). */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
}

/**
 * `<ChatRoot>` on the simulated backend with the message list and the composer (Send, Stop):
 * the frame into which the parts' stories put the part they show, inside each message.
 */
export function StoryChat({
  children,
  knobs,
  messages,
  header,
  composer,
  composerProps,
  fetch,
  wrapFetch,
  style,
  ...root
}: StoryChatProps) {
  const simulated = useSimulatedFetch(knobs);
  const base = fetch ?? simulated;
  const used = useMemo(() => (wrapFetch ? wrapFetch(base) : base), [base, wrapFetch]);
  return (
    <ChatRoot fetch={used} style={{ height: 380, ...style }} {...root}>
      {header}
      <ChatMessages {...messages}>{children ?? statusAndText}</ChatMessages>
      <ChatComposer {...composerProps}>{composer ?? <ChatStop />}</ChatComposer>
    </ChatRoot>
  );
}

/**
 * Parameters that set a story's "Show code" on its docs page to `snippet` (common indentation
 * removed): what an app writes, with its `endpoint`, where the story itself runs the simulated
 * backend through a story-only wrapper that the generated snippet would show instead.
 */
export function showCode(snippet: string) {
  const lines = snippet.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.search(/\S/)));
  return { docs: { source: { code: lines.map((line) => line.slice(indent)).join('\n'), language: 'tsx' } } };
}

/** What {@link chatCode} writes, as JSX source; each string is written as given. */
export interface ChatCodeOptions {
  /** Attributes of `<ChatRoot>` besides its endpoint. */
  root?: string;
  /** A line inside the root, before the list. */
  header?: string;
  /** Attributes of `<ChatMessages>`. */
  messages?: string;
  /** Attributes of each `<ChatMessage>`. */
  message?: string;
  /** The parts of each message, in order. Default `<ChatStatus />` and `<ChatText />`, as `StoryChat` shows them. */
  parts?: readonly string[];
  /** Attributes of `<ChatComposer>`. */
  composer?: string;
  /** Its child. Default none. */
  composerChild?: string;
}

/** "Show code" of a story on `StoryChat`: the same chat as an app writes it, with its endpoint. */
export function chatCode(o: ChatCodeOptions = {}) {
  const attrs = (text: string | undefined) => (text ? ` ${text}` : '');
  const parts = o.parts ?? ['ChatStatus', 'ChatText'];
  return showCode(
    [
      `<ChatRoot endpoint="/api/cascade"${attrs(o.root)}>`,
      ...(o.header ? [`  ${o.header}`] : []),
      `  <ChatMessages${attrs(o.messages)}>`,
      '    {(id) => (',
      `      <ChatMessage id={id}${attrs(o.message)}>`,
      ...parts.map((part) => `        <${part} />`),
      '      </ChatMessage>',
      '    )}',
      '  </ChatMessages>',
      o.composerChild
        ? `  <ChatComposer${attrs(o.composer)}>\n    ${o.composerChild}\n  </ChatComposer>`
        : `  <ChatComposer${attrs(o.composer)} />`,
      '</ChatRoot>',
    ].join('\n'),
  );
}
