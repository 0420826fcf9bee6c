import { createServer, request } from 'node:http';

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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
