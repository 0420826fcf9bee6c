/**
 * The demo server: the cascade handler on /api (simulator without API keys, real models with them)
 * and the page, through Vite in middleware mode (dev) or from the `vite build` output (`--prod`).
 *
 *   node --conditions=@cascadekit/source --import tsx server.ts [--prod]
 *
 * Environment: HOST (127.0.0.1), PORT (3000), OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY,
 * CASCADE_PROVIDER, CASCADE_DRAFT_MODEL, CASCADE_FINAL_MODEL, CASCADE_SIM_{DRAFT,FINAL}_{TTFT_MS,TPS};
 * the guard (see guard-from-env.ts): ALLOWED_HOSTS, ALLOWED_ORIGINS, TURNS_PER_MINUTE,
 * CONCURRENT_TURNS, MAX_CONCURRENT_TURNS.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createCascadeHandler } from '@cascadekit/server';
import { toNodeListener } from '@cascadekit/server/node';
import { guardFromEnv, isLoopback, publicBaseUrl } from './guard-from-env';
import { type DemoLanes, isScenario, lanesFromEnv, SCENARIOS } from './lanes';
import { contentSecurityPolicy, securityHeaders } from './security-headers';
import { serveStatic } from './static-files';
import { createStreamStats, trackStreams } from './test-hooks';

const dir = import.meta.dirname;
const prod = process.argv.includes('--prod');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
// Only the e2e tests turn this on: it exposes live stream counts of the simulator.
const testHooks = process.env.CASCADE_DEMO_TEST_HOOKS === '1';

if (!prod && !isLoopback(host)) {
  // Vite's dev server serves the workspace's sources: never to the network.
  console.error(
    `The dev server only binds loopback (HOST=${host} asked for more): it serves source files. ` +
      'Build the page and run `pnpm --filter @cascadekit/demo start` (--prod) to listen beyond this machine.',
  );
  process.exit(1);
}

const stats = createStreamStats();
const lanes: DemoLanes = lanesFromEnv(process.env, testHooks ? trackStreams(stats) : undefined);
const guard = guardFromEnv(process.env, { host, realModels: lanes.mode !== 'simulator' });

// One handler per simulator scenario, so a scenario's failing models never share a breaker with
// the default chain. With real models there is only `default`. They share one limit store.
const handlers = new Map(
  Object.entries(lanes.chains).map(([name, chain]) => [
    name,
    toNodeListener(createCascadeHandler({ chains: { default: chain }, basePath: '/api', ...guard })),
  ]),
);

/** `?scenario=` or the `x-cascade-scenario` header picks a simulator scenario. */
function scenarioOf(req: IncomingMessage, url: URL): string {
  const asked = url.searchParams.get('scenario') ?? req.headers['x-cascade-scenario'];
  return lanes.mode === 'simulator' && isScenario(asked) ? asked : 'default';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const demoInfo = {
  mode: lanes.mode,
  models: lanes.models,
  scenarios: lanes.mode === 'simulator' ? SCENARIOS : [],
  ...(lanes.baseUrl ? { baseUrl: publicBaseUrl(lanes.baseUrl) } : {}),
};

/** The request's URL when its target is a path (`//x` included), else `undefined`. */
function targetUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return undefined;
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
let page: Listener = (_req, res) => sendJson(res, 503, { error: 'starting' });
let headers: Record<string, string> = {};

const server = createServer((req, res) => {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const url = targetUrl(req);
  if (!url) {
    return sendJson(res, 400, {
      error: { code: 'invalid_request', message: 'The request target must be a path.', field: 'url' },
    });
  }
  if (url.pathname === '/api/demo') return sendJson(res, 200, demoInfo);
  if (testHooks && url.pathname === '/api/_test/streams') return sendJson(res, 200, stats);
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/v1/')) {
    const handler = handlers.get(scenarioOf(req, url)) ?? handlers.get('default');
    return handler?.(req, res);
  }
  return page(req, res);
});

if (prod) {
  const dist = join(dir, 'dist');
  let html = '';
  try {
    html = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch {
    // Not built: the static server says so on every page request.
  }
  headers = securityHeaders(contentSecurityPolicy(html, { dev: false }));
  page = serveStatic(dist);
} else {
  // Vite only in dev: the production server needs nothing but Node.
  const [{ createServer: createVite }, { default: config }] = await Promise.all([
    import('vite'),
    import('./vite.config'),
  ]);
  const vite = await createVite({
    ...config,
    configFile: false,
    root: dir,
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server } },
  });
  // The dev page's inline scripts (Vite's React preamble) are the same on every load: hash them once.
  const html = await vite.transformIndexHtml('/', readFileSync(join(dir, 'index.html'), 'utf8'));
  headers = securityHeaders(contentSecurityPolicy(html, { dev: true }));
  page = vite.middlewares;
}

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE' ? `Port ${port} on ${host} is in use: set PORT to another one.` : error.message,
  );
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const serving =
    lanes.mode === 'simulator'
      ? 'simulator (no API keys set)'
      : `${lanes.mode}: draft ${lanes.models.draft.join(', ')}, final ${lanes.models.final.join(', ')}`;
  console.log(`cascadekit demo (${prod ? 'production build' : 'dev'}, ${serving})`);
  console.log(`  ➜ http://${host.includes(':') ? `[${host}]` : host}:${bound}/`);
  if (!isLoopback(host) && guard.allowedHosts === undefined) {
    console.warn('  ! Listening beyond loopback without ALLOWED_HOSTS: set it to the names this demo is reached by.');
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
