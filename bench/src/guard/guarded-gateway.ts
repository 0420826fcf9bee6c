/**
 * Child process: the one-model gateway chain of 1a (`model: "one"`), with the guard on or off
 * (`GUARD=on|off`). On: `authorize` looks the bearer key up in a map, and every limit is set
 * (turns and tokens per minute, concurrent turns per principal, a process cap), all far above
 * what the load reaches, so every request pays for the checks and none is refused.
 */
import { createServer } from 'node:http';
import { type CascadeConfig, createCascadeHandler, openaiCompatible } from '@cascadekit/server';
import { nodeTransport, toNodeListener } from '@cascadekit/server/node';
import { announce } from '../gateway/ready';

const upstream = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1';
const on = process.env.GUARD === 'on';

const keys = new Map([['sk-bench', 'bench-team']]);
const guard: Partial<CascadeConfig> = on
  ? {
      authorize: (request) =>
        keys.get(request.headers.get('authorization')?.slice('Bearer '.length) ?? '') ??
        new Response('{"error":{"code":"unauthorized","message":"Send a valid key."}}', { status: 401 }),
      limits: {
        turns: { max: 1_000_000_000, windowMs: 60_000 },
        tokens: { max: 1_000_000_000, windowMs: 60_000 },
        concurrentTurns: 10_000,
      },
      maxConcurrentTurns: 10_000,
    }
  : {};

const transport = nodeTransport();
const handler = createCascadeHandler({
  chains: {
    one: {
      final: [
        {
          provider: openaiCompatible({ model: 'bench-model', baseUrl: `${upstream}/v1`, transport }),
          model: 'bench-model',
          retry: false,
        },
      ],
    },
  },
  logger: { warn: () => {}, error: () => {} },
  ...guard,
});

const server = createServer(toNodeListener(handler));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => announce(server));
