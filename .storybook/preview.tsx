import type { Preview } from '@storybook/react-vite';

/**
 * Global `theme` toolbar (light/dark): sets `data-theme` and `color-scheme` on the story root,
 * which is what the `@cascadekit/react` stylesheet's CSS variables key on.
 */
const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Colour scheme',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
  decorators: [
    (Story, context) => {
      const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
      return (
        <div data-theme={theme} style={{ colorScheme: theme, minHeight: 480 }}>
          <Story />
        </div>
      );
    },
  ],
};

export default preview;
