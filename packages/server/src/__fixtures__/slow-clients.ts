/**
 * Child process of `node/slow-client.load.test.ts`: a fast OpenAI-style upstream and many clients
 * that read an answer's head and then nothing, kept out of the test's process so its memory
 * figures are the server's alone. Driven over IPC with {@link SlowClientsCommand}; answers each
 * with a {@link SlowClientsReport}. Binds 127.0.0.1 only; exits when the test disconnects.
 */
import { Agent, createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlowClientsCommand = { type: 'start'; url: string; body: string; clients: number } | { type: 'report' };

export interface SlowClientsReport {
  type: 'report';
  /** Base URL of the upstream (`…/v1`). */
  upstream: string;
  /** Requests the upstream received; answered to the end; cut by their caller before the end. */
  requests: number;
  finished: number;
  aborted: number;
  /** Clients that got their answer's head. */
  heads: number;
}

const PIECE_BYTES = Number(process.env.PIECE_BYTES ?? 64 * 1024);
const PIECES = Number(process.env.PIECES ?? 80);
const frame = (delta: object, finish: string | null) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-slow',
    object: 'chat.completion.chunk',
    created: 1_800_000_000,
    model: 'long',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
// One frame, written again and again: the upstream's own CPU stays out of the way.
const TOKEN = Buffer.from(frame({ content: 'x'.repeat(PIECE_BYTES) }, null));
const END = Buffer.from(`${frame({}, 'stop')}data: [DONE]\n\n`);

const state = { requests: 0, finished: 0, aborted: 0, heads: 0 };

async function answer(res: ServerResponse): Promise<void> {
  state.requests++;
  res.on('close', () => {
    if (res.writableFinished) state.finished++;
    else state.aborted++;
  });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < PIECES; i++) {
    if (res.destroyed) return;
    if (!res.write(TOKEN)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          res.off('drain', go);
          res.off('close', go);
          resolve();
        };
        res.on('drain', go);
        res.on('close', go);
      });
    }
  }
  if (!res.destroyed) res.end(END);
}

const upstream = createServer((req, res) => {
  req.resume();
  req.on('end', () => void answer(res));
});
const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

function startClient(url: string, body: string): void {
  const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
    state.heads++;
    // The head only: the answer stays unread (the socket's buffers fill, then the server's).
    res.pause();
    res.on('error', () => {});
  });
  req.on('error', () => {});
  req.end(body);
}

upstream.listen(0, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  process.on('message', (command: SlowClientsCommand) => {
    if (command.type === 'start') for (let i = 0; i < command.clients; i++) startClient(command.url, command.body);
    const report: SlowClientsReport = { type: 'report', upstream: base, ...state };
    process.send?.(report);
  });
  process.on('disconnect', () => {
    agent.destroy();
    upstream.closeAllConnections();
    upstream.close();
    process.exit(0);
  });
  process.send?.({ type: 'report', upstream: base, ...state } satisfies SlowClientsReport);
});
