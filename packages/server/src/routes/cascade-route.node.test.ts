/**
 * The cascade route over real sockets: its mid-stream policies (`restart`, `continue` by prefill
 * or by restart and splice) and its head, held only until an upstream answers.
 */
import { type CascadeEvent, decodeEventStream } from '@cascadekit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { laneText, ofType } from '../__fixtures__/harness.js';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import type { NodeServer } from '../node/index.js';
import { DEFAULT_TOKENS, MID_STREAM_FAULTS } from '../testing/index.js';

const ANSWER = DEFAULT_TOKENS.join('');
const rig = upstreamRig();
afterEach(() => rig.close());
const { upstream, model, serve } = rig;

const request = (server: NodeServer) =>
  fetch(`${server.url}/api/cascade`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }] }),
  });

async function turn(server: NodeServer): Promise<CascadeEvent[]> {
  const response = await request(server);
  const events: CascadeEvent[] = [];
  for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) events.push(event);
  return events;
}

describe('failover in mid-stream on the cascade route', () => {
  it.each([
    ['by prefill (Anthropic takes one)', 'anthropic'],
    ['by restart and splice (OpenAI takes none)', 'openai'],
  ] as const)('continue %s: no reset, one answer', async (_name, format) => {
    const primary = await upstream('openai', MID_STREAM_FAULTS.cut);
    const backup = await upstream(format);
    const server = await serve({ final: [model('primary', primary), model('backup', backup)], failover: 'continue' });
    const events = await turn(server);
    expect(ofType(events, 'reset')).toEqual([]);
    expect(laneText(events, 'final')).toBe(ANSWER);
    expect(ofType(events, 'lane-done')[0]).toMatchObject({ model: 'backup', text: ANSWER });
  });

  it('continue: a restarted answer that diverges resets, named after the cut, and stands whole', async () => {
    const primary = await upstream('openai', MID_STREAM_FAULTS.cut);
    const backup = await upstream('openai', { tokens: ['Another ', 'answer.'] });
    const server = await serve({ final: [model('primary', primary), model('backup', backup)], failover: 'continue' });
    const events = await turn(server);
    expect(ofType(events, 'reset')).toEqual([{ type: 'reset', lane: 'final', reason: 'network' }]);
    expect(laneText(events, 'final')).toBe('Another answer.');
    expect(ofType(events, 'lane-done')[0]?.text).toBe('Another answer.');
  });

  it('restart (the default): a reset, and the next model starts fresh even when it takes a prefill', async () => {
    const primary = await upstream('openai', MID_STREAM_FAULTS.cut);
    const backup = await upstream('anthropic');
    const server = await serve({ final: [model('primary', primary), model('backup', backup)] });
    const events = await turn(server);
    expect(ofType(events, 'reset')).toHaveLength(1);
    expect(laneText(events, 'final')).toBe(ANSWER);
    const sent = backup.requests[0]?.body as { messages: { role: string }[] };
    expect(sent.messages.at(-1)?.role).toBe('user');
  });
});

describe('the head of the cascade route', () => {
  it('goes out when the upstream answers, before its first token', async () => {
    const slow = await upstream('openai', { firstTokenDelayMs: 1_500 });
    const server = await serve({ final: [model('slow', slow)] });
    const response = await request(server);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(response.status).toBe(200);
    expect(first).toContain('event: attempt-start');
    // Held until the first token, the head would have come with it.
    expect(first).not.toContain('event: delta');
    await reader.cancel();
  });
});
