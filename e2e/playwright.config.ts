import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../vite.shared';
import { freePort } from './free-port';

// A free loopback port, picked once: workers inherit it through the environment.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_FAST_PORT ??= String(await freePort());
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
const fastURL = `http://127.0.0.1:${process.env.E2E_FAST_PORT}`;

const serverEnv = {
  HOST: '127.0.0.1',
  CASCADE_DEMO_TEST_HOOKS: '1',
  // Keys from the developer's shell must not turn the e2e run into a real-model run.
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
  ANTHROPIC_API_KEY: '',
  CASCADE_PROVIDER: 'simulator',
};

/**
 * End-to-end tests against the demo's production build, served by `apps/demo/server.ts`
 * with the simulator: at `baseURL` with long enough timings for a deterministic order of draft
 * and final, at `E2E_FAST_PORT` with fast ones for tests of many turns.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  // The stream-count hook is process-wide: tests that read it must not overlap.
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: '../test-results/e2e',
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  webServer: [
    {
      command: 'pnpm --filter @cascadekit/demo build && pnpm --filter @cascadekit/demo start',
      cwd: '..',
      url: `${baseURL}/api/demo`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      env: {
        ...serverEnv,
        PORT: process.env.E2E_PORT,
        // The full draft stands ~2 s before the final answer replaces it: wide enough for
        // Playwright's polling (up to 1 s apart) to see each state, with no timed assertion.
        CASCADE_SIM_DRAFT_TTFT_MS: '150',
        CASCADE_SIM_DRAFT_TPS: '20',
        CASCADE_SIM_FINAL_TTFT_MS: '3500',
        CASCADE_SIM_FINAL_TPS: '60',
      },
    },
    {
      // The same build with fast models, for tests that need many turns (layout.spec.ts).
      // Started after the first entry, whose command built the page.
      command: 'pnpm --filter @cascadekit/demo start',
      cwd: '..',
      url: `${fastURL}/api/demo`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: {
        ...serverEnv,
        PORT: process.env.E2E_FAST_PORT,
        CASCADE_SIM_DRAFT_TTFT_MS: '20',
        CASCADE_SIM_DRAFT_TPS: '400',
        CASCADE_SIM_FINAL_TTFT_MS: '150',
        CASCADE_SIM_FINAL_TPS: '400',
      },
    },
  ],
});
