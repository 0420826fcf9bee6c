/**
 * A small streaming client that measures time to first token: from sending the request to the
 * first SSE `data:` line that carries answer text. Sequential requests on one keep-alive socket,
 * so the figure is the gateway's added latency, not queueing under load.
 */
import { Agent, request } from 'node:http';

export interface TtftSample {
  ttftMs: number;
  totalMs: number;
  tokens: number;
  done: boolean;
  /** Network reads (`data` events) the client needed for the whole answer. */
  reads: number;
}

const CONTENT = /"content":"([^"]+)"/;

export function measureOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  agent: Agent,
  timeoutMs = 10_000,
): Promise<TtftSample> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const started = performance.now();
    let first = -1;
    let buffer = '';
    let tokens = 0;
    let reads = 0;
    let done = false;
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          reads++;
          buffer += text;
          let nl = buffer.indexOf('\n');
          while (nl !== -1) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.startsWith('data:')) {
              if (line.includes('[DONE]')) done = true;
              else if (CONTENT.test(line)) {
                tokens++;
                if (first < 0) first = performance.now();
              }
            }
            nl = buffer.indexOf('\n');
          }
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`));
          resolve({ ttftMs: first - started, totalMs: performance.now() - started, tokens, done, reads });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` sequential measurements after `warmup` unmeasured ones. */
export async function measureTtft(
  url: string,
  body: string,
  headers: Record<string, string>,
  count: number,
  warmup = 10,
): Promise<TtftSample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const samples: TtftSample[] = [];
    for (let i = 0; i < warmup + count; i++) {
      const sample = await measureOnce(url, body, headers, agent);
      if (i >= warmup) samples.push(sample);
    }
    return samples;
  } finally {
    agent.destroy();
  }
}
