/**
 * Child process: the minimal hand-written Node passthrough proxy — the practical upper bound
 * for any gateway written in Node. Forwards every request to UPSTREAM_URL unchanged.
 */
import { Agent, createServer, request } from 'node:http';
import { announce } from './ready';

const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1');
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

const server = createServer((req, res) => {
  const forward = request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(forward);
  res.on('close', () => forward.destroy());
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => announce(server));
