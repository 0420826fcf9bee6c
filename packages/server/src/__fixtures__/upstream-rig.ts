import type { ChainConfig, ModelConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { type NodeServer, serveNode } from '../node/index.js';
import { anthropic } from '../providers/anthropic.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import {
  type FakeUpstream,
  startAnthropicUpstream,
  startOpenAIUpstream,
  type UpstreamScript,
} from '../testing/index.js';

/** A wire format of the fault upstreams. */
export type Format = 'openai' | 'anthropic';

/**
 * Fault upstreams, models on them and a handler behind `serveNode`, all on loopback, stopped
 * together by `close()` (call it in `afterEach`).
 */
export function upstreamRig() {
  const cleanups: (() => Promise<void>)[] = [];
  return {
    async upstream(format: Format, script: UpstreamScript = {}): Promise<FakeUpstream> {
      const up = await (format === 'openai' ? startOpenAIUpstream(script) : startAnthropicUpstream(script));
      cleanups.push(() => up.close());
      return up;
    },
    /** A model on `up` with its format's provider; retry and breaker off unless `extra` says. */
    model(name: string, up: FakeUpstream, extra: Partial<ModelConfig> = {}): ModelConfig {
      const provider = up.url.endsWith('/v1')
        ? openaiCompatible({ model: name, baseUrl: up.url, apiKey: 'k' })
        : anthropic({ model: name, baseUrl: up.url, apiKey: 'k' });
      return { provider, model: name, retry: false, breaker: false, ...extra };
    },
    /** The handler of chain `c` behind `serveNode`. */
    async serve(chain: ChainConfig): Promise<NodeServer> {
      const handler = createCascadeHandler({ chains: { c: chain }, logger: { warn: () => {}, error: () => {} } });
      const server = await serveNode(handler);
      cleanups.push(() => server.close());
      return server;
    },
    async close(): Promise<void> {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}
