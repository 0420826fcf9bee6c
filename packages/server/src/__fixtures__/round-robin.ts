import { createServer, request } from 'node:http';
import { listen } from './hosts.js';

/** A tiny load balancer on 127.0.0.1: each request goes to the next backend in turn. */
export interface RoundRobin {
  url: string;
  close(): Promise<void>;
}

/** Starts a round-robin HTTP proxy in front of `backends` (base URLs). */
export async function startRoundRobin(backends: string[]): Promise<RoundRobin> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', backends[next++ % backends.length]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  return listen(server);
}
