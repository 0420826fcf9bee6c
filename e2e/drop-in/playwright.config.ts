import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../vite.shared';

/**
 * Drop-in tests: the packed tarballs installed with npm into fresh apps in a temp dir, each built
 * as its users build it (strict type-checking), served on a free loopback port and driven in
 * Chromium.
 * - `next`: the example app apps/next (`next build`, `next start`), on Node and on the edge runtime;
 * - `consumer`: Vite + React 19, and Express 5 + React 18.3.
 * Each app's tests run in order (serial): install and build, then the chat checks.
 */
export default defineConfig({
  testDir: '.',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  // One output folder per project: the test command runs both projects at once, as two
  // processes, and each clears its own folder (traces included) when it starts.
  projects: [
    { name: 'next', testMatch: 'next-example.drop-in.ts', outputDir: '../../test-results/drop-in/next' },
    { name: 'consumer', testMatch: 'consumer.drop-in.ts', outputDir: '../../test-results/drop-in/consumer' },
  ],
});
