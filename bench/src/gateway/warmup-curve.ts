/**
 * How a fresh gateway child's CPU per request falls while the JIT compiles its code: the child
 * (`bench/src/gateway/cascade.ts`) is loaded in windows of 5 s and each window's CPU per request
 * is printed. The gateway section and ab.ts warm every child up by what this shows.
 *
 *   node --conditions=@cascadekit/source --import tsx bench/src/gateway/warmup-curve.ts
 *
 * Env: WINDOWS (10), MODEL (`one`), CONN (50), and the upstream's UPSTREAM_MODE (`burst` here).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDir, bundleChild } from '../build-child';
import { readCpuMs, startChild } from './child';

const windows = Number(process.env.WINDOWS ?? 10);
const model = process.env.MODEL ?? 'one';
const connections = Number(process.env.CONN ?? 50);
const mode = process.env.UPSTREAM_MODE ?? 'burst';

const upstream = await startChild('upstream', [await bundleChild(join(benchDir, 'src/gateway/upstream.ts'))], {
  UPSTREAM_MODE: mode,
});
try {
  const server = await startChild('cascade', [await bundleChild(join(benchDir, 'src/gateway/cascade.ts'))], {
    UPSTREAM_URL: upstream.url,
  });
  try {
    let total = 0;
    for (let i = 0; i < windows; i++) {
      const cpu = readCpuMs(server.pid);
      const result = await autocannon({
        url: `${server.url}/v1/chat/completions`,
        connections,
        duration: 5,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Say fifty tokens.' }] }),
      });
      const requests = result.requests.total;
      total += requests;
      console.log(
        `window ${i}: ${requests} requests (${total} so far), CPU ${((readCpuMs(server.pid) - cpu) / requests).toFixed(3)} ms/request, load ${(loadavg()[0] ?? 0).toFixed(1)}`,
      );
    }
  } finally {
    await server.stop();
  }
} finally {
  await upstream.stop();
}
