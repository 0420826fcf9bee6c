/**
 * Cancellation latency (issue 3 item 10: "the upstream socket closed within 100 ms"): a client
 * aborts a streaming turn right after its first token; we time until every upstream request of
 * that turn has closed its socket. Two routes: the cascade route with both lanes streaming from
 * real loopback upstreams, and the OpenAI-compatible gateway. Timing goals live here, not in tests.
 */
import { createCascadeHandler } from '@cascadekit/server';
import { serveNode } from '@cascadekit/server/node';
import { type FakeUpstream, startOpenAIUpstream } from '@cascadekit/server/testing';
import { type Summary, summarize } from './stats';

export interface CancelRoute {
  name: string;
  samples: number;
  /** Milliseconds from the client's abort to the last upstream socket of the turn closing. */
  closeMs: Summary;
  /** Samples whose upstream sockets all closed within the 100 ms goal. */
  within100: number;
}

export interface CancelResult {
  goalMs: number;
  routes: CancelRoute[];
}

const quiet = { warn() {}, error() {} };

/** Reads the response until `isFirstToken` says a token arrived, then aborts; returns the abort time. */
async function abortAfterFirstToken(
  url: string,
  body: unknown,
  isFirstToken: (text: string) => boolean,
): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before its first token');
    seen += decoder.decode(value, { stream: true });
    if (isFirstToken(seen)) break;
  }
  const abortedAt = performance.now();
  controller.abort();
  await reader.cancel().catch(() => {});
  return abortedAt;
}

async function measure(
  name: string,
  samples: number,
  upstreams: FakeUpstream[],
  run: () => Promise<number>,
): Promise<CancelRoute> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const before = upstreams.map((u) => u.requests.length);
    const abortedAt = await run();
    const requests = upstreams.flatMap((u, k) => u.requests.slice(before[k]));
    // Bounded: a socket that never closes shows up as a 5 s sample, far over the goal.
    await Promise.race([Promise.all(requests.map((r) => r.closed)), new Promise((r) => setTimeout(r, 5_000))]);
    const closedAt = Math.max(...requests.map((r) => r.closedAt ?? abortedAt + 5_000));
    values.push(closedAt - abortedAt);
  }
  return { name, samples, closeMs: summarize(values), within100: values.filter((v) => v <= 100).length };
}

export async function runCancelSuite(options: { samples: number; log: (line: string) => void }): Promise<CancelResult> {
  // Each upstream sends one token, then stalls: only a cancellation can end the request.
  const draft = await startOpenAIUpstream({ tokens: ['Draft ', 'text'], stallAfterTokens: 1 });
  const final = await startOpenAIUpstream({ tokens: ['Final ', 'text'], stallAfterTokens: 1, firstTokenDelayMs: 20 });
  const model = (name: string, upstream: FakeUpstream) => ({
    provider: 'openai' as const,
    model: name,
    baseUrl: upstream.url,
    apiKeyEnv: 'BENCH_KEY',
    retry: false as const,
    breaker: false as const,
  });
  const handler = createCascadeHandler({
    logger: quiet,
    env: { BENCH_KEY: 'bench' },
    chains: { default: { draft: [model('draft', draft)], final: [model('final', final)] } },
  });
  const server = await serveNode(handler);
  try {
    options.log(`cancel: ${options.samples} aborts per route`);
    const body = { messages: [{ role: 'user', content: 'Cancel me' }] };
    const cascade = await measure('POST /api/cascade (both lanes streaming)', options.samples, [draft, final], () =>
      abortAfterFirstToken(
        `${server.url}/api/cascade`,
        body,
        (t) => t.includes('"lane":"final"') && t.includes('event: delta'),
      ),
    );
    const gateway = await measure('POST /v1/chat/completions (gateway, streaming)', options.samples, [final], () =>
      abortAfterFirstToken(`${server.url}/v1/chat/completions`, { model: 'default', stream: true, ...body }, (t) =>
        t.includes('"content":"Final '),
      ),
    );
    return { goalMs: 100, routes: [cascade, gateway] };
  } finally {
    await server.close();
    await draft.close();
    await final.close();
  }
}
