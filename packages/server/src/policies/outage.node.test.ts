/**
 * A scenario over real sockets, on a clock the test drives: a primary that is down for 60 s and
 * then healthy, asked 20 times 4 s apart. During the outage the fallback serves every request,
 * the breaker lets exactly one probe through each time it half-opens, and the primary serves
 * again once it has recovered.
 */
import { afterEach, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, serveNode } from '../node/index.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { DEFAULT_TOKENS, type FakeUpstream, startOpenAIUpstream } from '../testing/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Time that passes only when the test says so, or when the server waits (a backoff moves it on
 * at once). Deadlines never fire: the upstreams answer at once.
 */
function drivenClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    sleep(ms, signal) {
      now += ms;
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        else setImmediate(resolve);
      });
    },
    setTimer: () => () => {},
  };
}

async function upstream(): Promise<FakeUpstream> {
  const up = await startOpenAIUpstream();
  cleanups.push(() => up.close());
  return up;
}

it('a primary down for 60 s: the fallback serves, one probe at a time, then the primary again', async () => {
  const clock = drivenClock();
  const primary = await upstream();
  const backup = await upstream();
  const provider = (name: string, up: FakeUpstream) => openaiCompatible({ model: name, baseUrl: up.url, apiKey: 'k' });
  // The defaults: two tries per model; the breaker opens after 5 failures in a row, for 30 s.
  const handler = createCascadeHandler({
    clock,
    random: () => 0.5,
    logger: { warn: () => {}, error: () => {} },
    chains: {
      c: {
        final: [
          { provider: provider('primary', primary), model: 'primary' },
          { provider: provider('backup', backup), model: 'backup' },
        ],
      },
    },
  });
  const server: NodeServer = await serveNode(handler);
  cleanups.push(() => server.close());

  const served: string[] = [];
  const primaryCalls: number[] = [];
  for (let request = 0; request < 20; request++) {
    const at = request * 4_000;
    clock.advance(Math.max(0, at - clock.now()));
    primary.script = clock.now() < 60_000 ? { status: 503 } : {};
    const before = primary.requests.length;
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'c', messages: [{ role: 'user', content: 'Status?' }] }),
    });
    const body = (await response.json()) as { model: string; choices: { message: { content: string } }[] };
    expect(response.status, `request at ${at / 1000} s`).toBe(200);
    expect(body.choices[0]?.message.content).toBe(DEFAULT_TOKENS.join(''));
    served.push(body.model);
    primaryCalls.push(primary.requests.length - before);
  }

  // Down (t < 60 s): every request served by the fallback.
  expect(served.slice(0, 15)).toEqual(Array(15).fill('backup'));
  // The primary's calls per request: tried twice, twice, then the fifth failure opens the breaker
  // (t = 8 s); skipped until it half-opens (t = 40 s: one probe, which fails and reopens it);
  // skipped again until t = 72 s: one probe, which succeeds, and the primary is back.
  expect(primaryCalls).toEqual([2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  expect(served.slice(15)).toEqual(['backup', 'backup', 'backup', 'primary', 'primary']);
  expect(await handler.health()).toMatchObject({ breakers: { primary: { state: 'closed' } } });
});
