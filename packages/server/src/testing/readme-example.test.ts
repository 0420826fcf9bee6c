// The "Testing your chains" example of packages/server/README.md, kept running so it cannot rot.
import { type CascadeEvent, decodeEventStream } from '@cascadekit/core';
import { expect, test } from 'vitest';
import { createCascadeHandler } from '../handler.js';
import { openaiCompatible } from '../providers/openai-compatible.js';
import { startOpenAIUpstream } from './index.js';

test('a 503 from the first model falls back to the second', async () => {
  const primary = await startOpenAIUpstream({ status: 503 });
  const backup = await startOpenAIUpstream({ tokens: ['All ', 'good.'] });
  const handler = createCascadeHandler({
    chains: {
      default: {
        final: [
          {
            provider: openaiCompatible({ model: 'primary', baseUrl: primary.url, apiKey: 'test' }),
            model: 'primary',
            retry: false,
          },
          { provider: openaiCompatible({ model: 'backup', baseUrl: backup.url, apiKey: 'test' }), model: 'backup' },
        ],
      },
    },
  });
  try {
    const response = await handler(
      new Request('http://test/api/cascade', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
      }),
    );
    const events: CascadeEvent[] = [];
    for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) events.push(event);
    expect(events.find((e) => e.type === 'attempt-failed')).toMatchObject({ model: 'primary', next: 'fallback' });
    expect(events.find((e) => e.type === 'settled')).toMatchObject({ winner: 'final', model: 'backup' });
    expect(events.find((e) => e.type === 'lane-done')).toMatchObject({ text: 'All good.' });
  } finally {
    await Promise.all([primary.close(), backup.close()]);
  }
});
