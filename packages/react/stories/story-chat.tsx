import { ChatComposer, ChatMessages, ChatRoot, ChatStop, type MessagesProps, type RootProps } from '@cascadekit/react';
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

/** Props of {@link StoryChat}. */
export interface StoryChatProps extends Omit<RootProps, 'children'> {
  /** Renders one message by id: where a story puts the part it shows. */
  children: (id: string) => ReactNode;
  /** Changes to `QUICK_KNOBS` (failures, prices, timing); ignored when `fetch` is given. */
  knobs?: Partial<SimulatorKnobs>;
  /** Props of the `<ChatMessages>` inside (`empty`, `jumpToLatest` …). */
  messages?: Omit<MessagesProps, 'children'>;
  /** Shown before the message list, inside the root. */
  header?: ReactNode;
  /** Controls after Send in the composer. Default `<ChatStop />`. */
  composer?: ReactNode;
}

/**
 * `<ChatRoot>` on the simulated backend with the message list and the composer (Send, Stop):
 * the frame into which the parts' stories put the part they show, inside each message.
 */
export function StoryChat({ children, knobs, messages, header, composer, fetch, style, ...root }: StoryChatProps) {
  const simulated = useSimulatedFetch(knobs);
  return (
    <ChatRoot fetch={fetch ?? simulated} style={{ height: 380, ...style }} {...root}>
      {header}
      <ChatMessages {...messages}>{children}</ChatMessages>
      <ChatComposer>{composer ?? <ChatStop />}</ChatComposer>
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
