import type { Preview } from '@storybook/react-vite';
import { configure } from 'storybook/test';
import '@cascadekit/react/styles.css';
import { WAIT_MS } from '../packages/react/stories/waits';

// `waitFor` and `findBy…` in play functions wait as long as the stories' own waits: sized for a
// slow, shared machine and for the Storybook UI, where every step is recorded (default 1 s).
configure({ asyncUtilTimeout: WAIT_MS });

/** TSDoc's `{@link X}` in a prop's description reads as code on the docs pages, as in an editor. */
const tsdocLinks: NonNullable<Preview['argTypesEnhancers']>[number] = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => [
      name,
      { ...argType, description: argType.description?.replace(/\{@link ([^}]+)\}/g, '`$1`') },
    ]),
  );

/**
 * Stories take their colour scheme from a `theme` arg (passed to `<CascadeChat theme>`); the
 * decorator paints the canvas to match, so a dark story is not shown on a white page.
 */
const preview: Preview = {
  argTypesEnhancers: [tsdocLinks],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    options: {
      // The drop-in first, then what it is built from: the layout parts in the order a chat nests them.
      storySort: {
        order: [
          'Introduction',
          'CascadeChat',
          ['Overview', 'States', 'Views', 'Features'],
          'Parts',
          ['ChatRoot', 'ChatMessages', 'ChatMessage', 'ChatStatus', 'ChatText', 'ChatComposer', 'ChatStop', '*'],
          'Hooks',
          ['useCascadeChat', 'useCascade', 'useCascadeMessage', 'useConversationMessage', '*'],
          'Components',
        ],
      },
    },
  },
  decorators: [
    (Story, context) => {
      const dark = context.args.theme === 'dark';
      return (
        <div style={{ colorScheme: dark ? 'dark' : 'light', background: dark ? '#111318' : 'transparent', padding: 8 }}>
          <Story />
        </div>
      );
    },
  ],
};

export default preview;
