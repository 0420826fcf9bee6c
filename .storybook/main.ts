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
      // A TypeScript program of what the docs pages describe (the kit's components and the
      // hooks' examples: 230 files with what they import), not of the whole workspace (1458):
      // the dev server builds it at start and answers nothing meanwhile. On a 2-core machine at
      // load 15 that took 4-13 s instead of 28-37 s (ts.createProgram on each tsconfig).
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
