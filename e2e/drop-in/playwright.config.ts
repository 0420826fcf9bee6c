import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../vite.shared';

/**
 * Drop-in tests: real apps built as their users build them, each served on a free loopback port
 * and driven in Chromium.
 * - `next`: the example app apps/next on the workspace packages (`next build`, `next start`);
 * - `consumer`: the packed tarballs installed with npm into fresh apps in a temp dir (Vite +
 *   React 19, Express 5 + React 18.3, and apps/next), each built with strict type-checking.
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
  outputDir: '../../test-results/drop-in',
  use: {
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [
    { name: 'next', testMatch: 'next-example.drop-in.ts' },
    { name: 'consumer', testMatch: 'consumer.drop-in.ts' },
  ],
});
