import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { sourceResolve } from '../vite.shared.ts';

/** Storybook for `@cascadekit/react`: stories run the real server handler in the browser. */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../packages/react/stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-vitest'],
  // Closed network: no telemetry or "what's new" calls home.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) => mergeConfig(viteConfig, sourceResolve),
};

export default config;
