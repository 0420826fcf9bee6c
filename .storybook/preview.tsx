import type { Preview } from '@storybook/react-vite';
import '@cascadekit/react/styles.css';

/**
 * Stories take their colour scheme from a `theme` arg (passed to `<CascadeChat theme>`); the
 * decorator paints the canvas to match, so a dark story is not shown on a white page.
 */
const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
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
