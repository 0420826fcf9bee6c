/**
 * Child process: cascadekit's OpenAI-compatible gateway route (`POST /v1/chat/completions`) in
 * front of the local upstream. The request's `model` names the chain:
 * - `one`: a one-model chain;
 * - `fallback`: a two-model chain whose first model answers 500, so every request falls back.
 *   Retry and breaker are off on the failing model so every request pays the full fallback path;
 * - `fallback-breaker`: the same with the default breaker on the failing model, as a user would
 *   run it: it opens after five failures and skips the model without a request until a probe.
 * The upstream calls go through `nodeTransport()`, as the server README tells Node users to do.
 */
import { createServer } from 'node:http';
import { createCascadeHandler, openaiCompatible } from '@cascadekit/server';
import { nodeTransport, toNodeListener } from '@cascadekit/server/node';
import { announce } from './ready';

const upstream = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1';

const transport = nodeTransport();
const openai = (model: string, baseUrl: string) => openaiCompatible({ model, baseUrl, transport });

const handler = createCascadeHandler({
  chains: {
    one: { final: [{ provider: openai('bench-model', `${upstream}/v1`), model: 'bench-model', retry: false }] },
    fallback: {
      final: [
        { provider: openai('broken', `${upstream}/fail/v1`), model: 'broken', retry: false, breaker: false },
        { provider: openai('bench-model', `${upstream}/v1`), model: 'bench-model', retry: false },
      ],
    },
    'fallback-breaker': {
      final: [
        { provider: openai('broken', `${upstream}/fail/v1`), model: 'broken', name: 'broken-guarded', retry: false },
        { provider: openai('bench-model', `${upstream}/v1`), model: 'bench-model', retry: false },
      ],
    },
  },
  logger: { warn: () => {}, error: () => {} },
});

const server = createServer(toNodeListener(handler));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => announce(server));
