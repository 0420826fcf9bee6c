import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath, sourceResolve } from '../../vite.shared';

/**
 * The React kit's browser tests once more on React 18.3: `react` and `react-dom` (with
 * every subpath) are aliased to the `react-18` / `react-dom-18` dev dependencies
 * (npm:react@18.3.1), for the kit and for its dependencies alike.
 * Run: `pnpm --filter @cascadekit/react test:react18`.
 */
export default defineConfig({
  ...sourceResolve,
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    ...sourceResolve.resolve,
    alias: [
      { find: /^react-dom(\/.*)?$/, replacement: 'react-dom-18$1' },
      { find: /^react(\/.*)?$/, replacement: 'react-18$1' },
    ],
  },
  test: {
    name: 'react18',
    include: ['src/**/*.test.tsx'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
      instances: [{ browser: 'chromium' }],
      // Failure screenshots go to the ignored cache, not beside the sources (a new file under
      // packages/ would make the packed tarballs look stale to the consumer tests).
      screenshotDirectory: join(import.meta.dirname, '..', '..', '.cache', 'vitest-screenshots'),
    },
  },
});
