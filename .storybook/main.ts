import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { sourceResolve } from '../vite.shared.ts';

/**
 * Storybook for `@cascadekit/react`, as its documentation: a docs page per component, part and
 * hook (props from their TSDoc through react-docgen-typescript), and stories that run the real
 * server handler in the browser.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../packages/react/stories/**/*.mdx', '../packages/react/stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  // Closed network: no telemetry or "what's new" calls home.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The docs are the start: no onboarding checklist in the sidebar or the menu.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  typescript: {
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      // A program of the kit's components and the hooks' examples only (what the docs pages
      // describe): one of the whole workspace (servers, tests, e2e) kept the dev server busy
      // for tens of seconds at start, long enough for the UI to report "Server timed out".
      tsconfigPath: fileURLToPath(new URL('tsconfig.docgen.json', import.meta.url)),
      include: ['packages/react/src/**/*.tsx', 'packages/react/stories/**/examples/*.tsx'],
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      // The kit's own props (and core's options they extend), not the hundreds of DOM attributes.
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
  viteFinal: (viteConfig) => mergeConfig(viteConfig, sourceResolve),
};

export default config;
