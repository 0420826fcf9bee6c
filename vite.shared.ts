import { defaultClientConditions, defaultServerConditions, type UserConfig } from 'vite';

/**
 * Resolve in-repo packages to their TypeScript source through the `@cascadekit/source`
 * export condition, so tests, Storybook and the demo need no build step.
 */
export const sourceResolve = {
  resolve: { conditions: ['@cascadekit/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@cascadekit/source', ...defaultServerConditions] } },
  // The React kit imports its code highlighter lazily; pre-bundled up front, so the dev server
  // never finds it mid-run and reloads the page (a reload in a browser test fails the test).
  optimizeDeps: {
    include: [
      '@cascadekit/react > @shikijs/primitive',
      '@cascadekit/react > @shikijs/engine-javascript',
      ...['typescript', 'javascript', 'json', 'shellscript', 'python'].map(
        (lang) => `@cascadekit/react > @shikijs/langs/${lang}`,
      ),
    ],
  },
} satisfies UserConfig;

/** Debian's Chromium with the flags that work as root on a closed network. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
