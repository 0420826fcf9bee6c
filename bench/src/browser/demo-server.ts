/**
 * Child process: the demo page (its production build) with the demo's simulator lanes
 * (apps/demo/lanes.ts; draft 150 ms to first token, final 1,200 ms). LANES=large-only serves
 * the same page from a chain without a draft lane: what a user sees with the large model alone.
 */
import { createServer } from 'node:http';
import { createCascadeHandler } from '@cascadekit/server';
import { toNodeListener } from '@cascadekit/server/node';
import { lanesFromEnv } from '../../../apps/demo/lanes';
import { serveStatic } from '../../../apps/demo/static-files';
import { announce } from '../gateway/ready';

const lanes = lanesFromEnv({ ...process.env, CASCADE_PROVIDER: 'simulator' });
const chain = lanes.chains.default;
if (!chain) throw new Error('the demo has no default chain');
const largeOnly = process.env.LANES === 'large-only';
const api = toNodeListener(
  createCascadeHandler({ chains: { default: largeOnly ? { final: chain.final } : chain }, basePath: '/api' }),
);
const info = {
  mode: 'simulator',
  models: largeOnly ? { draft: [], final: lanes.models.final } : lanes.models,
  scenarios: [],
};
const page = serveStatic(process.env.DEMO_DIST ?? '');

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/api/demo') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info));
    return;
  }
  if (path.startsWith('/api/')) return api(req, res);
  void page(req, res);
});
server.listen(0, '127.0.0.1', () => announce(server));
