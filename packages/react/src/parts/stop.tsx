import { useStore } from 'zustand';
import { useCascadeContext } from '../context/cascade-context.js';
import { useLabels } from '../labels/labels.js';
import { type ButtonPartProps, buttonPart } from './button-part.js';

/** Props of {@link Stop}. */
export type StopProps = ButtonPartProps;

/**
 * A "Stop" button that ends every running turn (both lanes, on the server too). An answer whose
 * draft is complete keeps it (accepted); anything else reads "Stopped". Always rendered, so
 * layouts do not jump; disabled while nothing runs.
 *
 * @example
 * ```tsx
 * <CascadeChat.Stop className="my-stop" />
 * ```
 */
export function Stop(props: StopProps) {
  const { client } = useCascadeContext('CascadeChat.Stop');
  const labels = useLabels();
  const running = useStore(client.store, (s) => s.running.length > 0);
  return buttonPart('ck-stop', { disabled: !running, ...props }, () => client.stop(), labels.chat.stop);
}
