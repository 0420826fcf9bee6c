import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath, sourceResolve } from './vite.shared';

const browser = {
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
  instances: [{ browser: 'chromium' as const }],
  // Failure screenshots go to the ignored cache, not beside the sources.
  screenshotDirectory: '.cache/vitest-screenshots',
};

export default defineConfig({
  ...sourceResolve,
  test: {
    attachmentsDir: '.cache/vitest-attachments',
    projects: [
      {
        ...sourceResolve,
        // Vitest hands these conditions to Node as --conditions. `module` is a bundlers' condition:
        // with it Node's require picks bundler builds it cannot load (@opentelemetry/api's).
        ssr: { resolve: { conditions: sourceResolve.ssr.resolve.conditions.filter((c) => c !== 'module') } },
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'apps/*/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: [
            '**/node_modules/**',
            '**/*.load.test.ts',
            '**/*.pack.test.ts',
            '**/*.browser.test.ts',
            '**/*.redis.test.ts',
          ],
        },
      },
      {
        // The packed tarballs (*.pack.test.ts): built and packed first (or reused when no input
        // changed since the last pack), then checked file by file as a consumer receives them.
        test: {
          name: 'package',
          environment: 'node',
          include: ['scripts/**/*.pack.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Load tests (*.load.test.ts) run alone, after `unit`: their CPU use must not disturb
        // other real-socket tests. LOAD_SECONDS sets the duration (default 5; `pnpm bench` runs 30).
        ...sourceResolve,
        test: {
          name: 'load',
          environment: 'node',
          include: ['packages/*/src/**/*.load.test.ts'],
          // One file at a time: each measures memory or latency that another's load would disturb.
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        // Shared state on a real Redis (*.redis.test.ts): each file starts its own `redis-server` on
        // a free loopback port and stops it after; the test command installs Debian's package.
        ...sourceResolve,
        test: {
          name: 'redis',
          environment: 'node',
          include: ['packages/*/src/**/*.redis.test.ts'],
          // A missing redis-server fails each file at once with what to install, never a hang.
          globalSetup: ['packages/server/src/__fixtures__/redis-global-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        ...sourceResolve,
        plugins: [react()],
        test: {
          name: 'browser',
          // `*.browser.test.ts`: framework-free code that needs a real browser (storage APIs).
          include: ['packages/*/src/**/*.test.tsx', 'packages/*/src/**/*.browser.test.ts'],
          browser,
        },
      },
      {
        // Every story in packages/react/stories/**/*.stories.tsx becomes a test that runs its play function.
        ...sourceResolve,
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          browser,
          // A story's own waits (WAIT_MS in stories/story-kit.tsx) decide; this only ends one that hangs.
          testTimeout: 90_000,
        },
      },
    ],
  },
});
