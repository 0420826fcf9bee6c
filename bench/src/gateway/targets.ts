/**
 * What the gateway section measures: the upstream's regimes and the servers in front of it. Each
 * server is its own child process, bundled by esbuild and run on plain Node.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { benchDir, bundleChild } from '../build-child';
import { type ChildServer, startChild } from './child';

/** How the bench upstream writes its tokens (`UPSTREAM_MODE` of `upstream.ts`). */
export type UpstreamRegime = 'burst' | 'paced' | 'turn';

export const REGIMES: readonly { name: UpstreamRegime; label: string }[] = [
  { name: 'burst', label: 'back to back: all 50 tokens in one write' },
  { name: 'paced', label: 'one write per token, 5 ms apart (as model servers stream)' },
  { name: 'turn', label: 'one write per token, one event-loop turn apart' },
];

export interface Target {
  name: string;
  label: string;
  /** The request's `model`: a chain name for cascadekit. */
  model: string;
  start: (upstream: string) => Promise<ChildServer>;
  headers?: (upstream: string) => Record<string, string>;
}

function portkeyEntry(): string {
  const require = createRequire(join(benchDir, 'package.json'));
  return join(dirname(require.resolve('@portkey-ai/gateway/package.json')), 'build', 'start-server.js');
}

const cascade = async (upstream: string) =>
  startChild('cascade', [await bundleChild(join(benchDir, 'src/gateway/cascade.ts'))], { UPSTREAM_URL: upstream });

/** The targets, in the order of the tables; `direct` is the upstream itself. */
export function gatewayTargets(direct: () => ChildServer): Target[] {
  return [
    {
      name: 'direct',
      label: 'Upstream directly',
      model: 'bench-model',
      // A handle on the upstream that starts and stops nothing.
      start: async () => ({ ...direct(), stop: async () => {} }),
    },
    {
      name: 'passthrough',
      label: 'Hand-written Node passthrough proxy',
      model: 'bench-model',
      start: async (upstream) =>
        startChild('passthrough', [await bundleChild(join(benchDir, 'src/gateway/passthrough.ts'))], {
          UPSTREAM_URL: upstream,
        }),
    },
    { name: 'cascade-one', label: 'cascadekit, one model', model: 'one', start: cascade },
    {
      name: 'cascade-fallback',
      label: 'cascadekit, first model answers 500, breaker off',
      model: 'fallback',
      start: cascade,
    },
    {
      name: 'cascade-fallback-breaker',
      label: 'cascadekit, first model answers 500, default breaker',
      model: 'fallback-breaker',
      start: cascade,
    },
    {
      name: 'portkey',
      label: 'Portkey gateway 1.15.2, same fallback',
      model: 'bench-model',
      start: () =>
        startChild('portkey', [
          '--import',
          join(benchDir, 'src/gateway/portkey-preload.mjs'),
          portkeyEntry(),
          '--port=0',
          '--headless',
        ]),
      headers: (upstream) => ({
        'x-portkey-config': JSON.stringify({
          strategy: { mode: 'fallback' },
          targets: [
            { provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/fail/v1` },
            { provider: 'openai', api_key: 'sk-bench', custom_host: `${upstream}/v1` },
          ],
        }),
      }),
    },
  ];
}
