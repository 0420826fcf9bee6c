import type { CascadeEvent } from '@cascadekit/core';
import { decodeEventStream } from '@cascadekit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ask, laneText, memoryLogger, ofType, post } from '../__fixtures__/harness.js';
import { within } from '../__fixtures__/matrix.js';
import type { ModelConfig } from '../config/types.js';
import { createCascadeHandler } from '../handler.js';
import { type FakeUpstream, startOpenAIUpstream, type UpstreamScript } from '../testing/index.js';
import { estimateMessageTokens, estimateTokens } from '../tokens.js';

// No lane outlives the answer: once the answer settled on the server, the lane it no longer needs
// is cancelled at once, over real upstream sockets, and the turn ends then, not when that lane
// would have ended.

let upstreams: FakeUpstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.map((u) => u.close()));
  upstreams = [];
});

async function upstream(script: UpstreamScript): Promise<FakeUpstream> {
  const started = await startOpenAIUpstream(script);
  upstreams.push(started);
  return started;
}

const model = (name: string, at: FakeUpstream): ModelConfig => ({
  provider: 'openai',
  model: name,
  baseUrl: at.url,
  retry: false,
  breaker: false,
  price: { inputPerMTok: 1, outputPerMTok: 2 },
});

/** Every event of a turn, and `performance.now()` when `settled` was read. */
async function runTurn(request: Request, handler: (r: Request) => Promise<Response>) {
  const response = await handler(request);
  const all: CascadeEvent[] = [];
  let settledAt = Number.NaN;
  for await (const event of decodeEventStream(response.body as ReadableStream<Uint8Array>)) {
    if (event.type === 'settled') settledAt = performance.now();
    all.push(event);
  }
  return { all, settledAt };
}

/** A slow lane: 200 tokens, 50 ms apart (10 s), which the answer settles without. */
const SLOW: UpstreamScript = { tokens: Array.from({ length: 200 }, (_, i) => `w${i} `), tokenDelayMs: 50 };

describe('a lane the settled answer no longer needs', () => {
  it('the final lane done while the draft streams: the draft is cancelled at once, superseded, billed for what it streamed', async () => {
    const draft = await upstream(SLOW);
    const final = await upstream({ tokens: ['The ', 'final.'], firstTokenDelayMs: 300 });
    const handler = createCascadeHandler({
      chains: { c: { draft: [model('slow-draft', draft)], final: [model('quick-final', final)] } },
      logger: memoryLogger(),
    });
    const started = performance.now();
    const { all, settledAt } = await within(runTurn(post(ask()), handler), 3_000, 'the turn');

    await within(draft.requests[0]?.closed as Promise<void>, 2_000, "the draft's upstream socket closing");
    const closedAt = draft.requests[0]?.closedAt as number;
    expect(draft.requests[0]?.clientAborted).toBe(true);
    expect(closedAt - settledAt).toBeLessThan(100);
    console.info(`the superseded draft's upstream closed ${(closedAt - settledAt).toFixed(1)} ms after settled`);
    // The turn ended with the answer, not with the draft's 10 s.
    expect(settledAt - started).toBeLessThan(2_000);

    const streamed = laneText(all, 'draft');
    expect(streamed.length).toBeGreaterThan(0);
    const failed = ofType(all, 'attempt-failed').find((e) => e.lane === 'draft');
    expect(failed).toMatchObject({ model: 'slow-draft', reason: 'superseded', next: 'give-up' });
    expect(failed?.report?.usage).toEqual({
      inputTokens: estimateMessageTokens(ask().messages as never),
      outputTokens: estimateTokens(streamed),
      estimated: true,
    });
    expect(failed?.report?.costUsd).toBeGreaterThan(0);
    expect(ofType(all, 'lane-failed')).toEqual([
      {
        type: 'lane-failed',
        lane: 'draft',
        reason: 'superseded',
        message: 'The final answer settled, so the draft was no longer needed.',
      },
    ]);
    const settled = ofType(all, 'settled')[0];
    expect(settled).toMatchObject({ winner: 'final', model: 'quick-final' });
    expect(settled?.summary.attempts.find((a) => a.lane === 'draft')).toMatchObject({ reason: 'superseded' });
    // The lane's end comes before the verdict, and the verdict ends the stream.
    const types = all.map((e) => e.type);
    expect(types.indexOf('lane-failed')).toBeLessThan(types.indexOf('settled'));
    expect(types.slice(-2)).toEqual(['settled', 'done']);
  });

  it('the draft stands (earlyAccept) while the final lane runs: the final lane is cancelled at once, superseded', async () => {
    // The draft takes 500 ms to its first token, so the final's request has reached its model
    // (response head received: billable) by the time the draft stands.
    const draft = await upstream({ tokens: ['Quick ', 'draft.'], firstTokenDelayMs: 500 });
    const final = await upstream({ ...SLOW, firstTokenDelayMs: 2_000 });
    const handler = createCascadeHandler({
      chains: { c: { draft: [model('quick-draft', draft)], final: [model('slow-final', final)] } },
      logger: memoryLogger(),
    });
    const { all, settledAt } = await within(runTurn(post({ ...ask(), earlyAccept: true }), handler), 3_000, 'the turn');
    await within(final.requests[0]?.closed as Promise<void>, 2_000, "the final lane's upstream socket closing");
    expect(final.requests[0]?.clientAborted).toBe(true);
    expect((final.requests[0]?.closedAt as number) - settledAt).toBeLessThan(100);
    expect(ofType(all, 'lane-failed')).toEqual([
      {
        type: 'lane-failed',
        lane: 'final',
        reason: 'superseded',
        message: 'The draft passed validation, so the refinement was cancelled.',
      },
    ]);
    expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'draft', model: 'quick-draft' });
    const report = ofType(all, 'attempt-failed').find((e) => e.lane === 'final')?.report;
    expect(report?.usage?.estimated).toBe(true);
    expect(report?.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('a lane that is still needed runs on: the final lane failed, so the draft finishes', async () => {
    const draft = await upstream({ tokens: ['The ', 'draft ', 'stands.'], tokenDelayMs: 30 });
    const final = await upstream({ status: 500 });
    const handler = createCascadeHandler({
      chains: { c: { draft: [model('draft', draft)], final: [model('broken-final', final)] } },
      logger: memoryLogger(),
    });
    const { all } = await runTurn(post(ask()), handler);
    expect(ofType(all, 'lane-done')[0]).toMatchObject({ lane: 'draft', text: 'The draft stands.' });
    expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'draft' });
    expect(all.some((e) => e.type === 'lane-failed' && e.reason === 'superseded')).toBe(false);
  });
});
