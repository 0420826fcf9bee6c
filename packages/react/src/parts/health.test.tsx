import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { scriptedFetch } from '../../__fixtures__/scripted-fetch.js';
import { CascadeChat } from '../chat/cascade-chat.js';
import { parseHealth } from '../query/use-cascade-health.js';

test('<CascadeChat> names the models whose breaker is open, polling the health route', async () => {
  const server = scriptedFetch();
  server.setHealth({
    ok: true,
    breakers: { 'sim-large': { state: 'open', consecutiveFailures: 5 }, 'sim-fast': { state: 'closed' } },
  });
  await render(<CascadeChat endpoint="/health-test/cascade" fetch={server.fetch} health={{ interval: 50 }} />);
  await expect.element(page.getByText(/Unavailable right now: sim-large/)).toBeVisible();
  server.setHealth({ ok: true, breakers: { 'sim-large': { state: 'half-open' } } });
  await expect.poll(() => page.getByText(/Unavailable right now/).query()).toBeNull();
});

test('parseHealth accepts the server report and skips malformed entries', () => {
  expect(
    parseHealth({
      breakers: {
        a: { state: 'open' },
        b: { state: 'weird' },
        c: null,
        d: { state: 'closed', consecutiveFailures: 2 },
      },
    }),
  ).toEqual([
    { model: 'a', state: 'open' },
    { model: 'd', state: 'closed', consecutiveFailures: 2 },
  ]);
  expect(parseHealth({ models: { m: { state: 'half-open' } } })).toEqual([{ model: 'm', state: 'half-open' }]);
  expect(parseHealth('nonsense')).toEqual([]);
});

test("inside the app's QueryClientProvider, the health query lives in the app's cache", async () => {
  const server = scriptedFetch();
  server.setHealth({ ok: true, breakers: { 'sim-x': { state: 'open' } } });
  const queryClient = new QueryClient();
  await render(
    <QueryClientProvider client={queryClient}>
      <CascadeChat endpoint="/provided/cascade" fetch={server.fetch} />
    </QueryClientProvider>,
  );
  await expect.element(page.getByText(/Unavailable right now: sim-x/)).toBeVisible();
  expect(queryClient.getQueryData(['cascade', 'health', '/provided/health'])).toEqual([
    { model: 'sim-x', state: 'open' },
  ]);
});
