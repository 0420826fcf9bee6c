/**
 * Mid-stream rescue on the streaming gateway, over real sockets: a primary that fails after its
 * first tokens (every fault kind, both wire formats) is rescued by a fallback that continues the
 * exact text sent (a prefill) or restarts and is spliced on; the client sees one answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatStream, streamChat } from '../__fixtures__/chat-stream.js';
import { upstreamRig } from '../__fixtures__/upstream-rig.js';
import { DEFAULT_TOKENS, type FakeUpstream, MID_STREAM_FAULTS, type MidStreamFault } from '../testing/index.js';
import { trailingAssistant } from '../testing/prefill.js';

const ANSWER = DEFAULT_TOKENS.join('');
const SENT = DEFAULT_TOKENS.slice(0, 2).join('');
const rig = upstreamRig();
afterEach(() => rig.close());
const { upstream, serve: gateway } = rig;
/** A model whose stalls are found out after 250 ms. */
const model = (_format: string, name: string, up: FakeUpstream) => rig.model(name, up, { timeouts: { idleMs: 250 } });

const seamless = (stream: ChatStream) => {
  expect(stream.status).toBe(200);
  expect(stream.error).toBeUndefined();
  expect(stream.content).toBe(ANSWER);
  expect(stream.done).toBe(true);
};

/** The assistant prefill the upstream's request `index` carried, if any. */
const prefillOf = (up: FakeUpstream, index = 0) => {
  const request = up.requests[index];
  expect(request).toBeDefined();
  return request && trailingAssistant(request);
};

const FAULTS = Object.keys(MID_STREAM_FAULTS) as MidStreamFault[];

describe.each(['openai', 'anthropic'] as const)('a %s primary that fails mid-stream', (primaryFormat) => {
  describe.each(FAULTS)('%s', (fault) => {
    it('is continued by a fallback that takes a prefill (Anthropic): one seamless answer', async () => {
      const primary = await upstream(primaryFormat, MID_STREAM_FAULTS[fault]);
      const backup = await upstream('anthropic');
      const server = await gateway({
        final: [model(primaryFormat, 'primary', primary), model('anthropic', 'backup', backup)],
      });
      const stream = await streamChat(server.url, { model: 'c' });
      seamless(stream);
      expect(stream.models).toEqual(['primary', 'backup']);
      // The exact text sent, less the trailing whitespace Anthropic refuses (the model re-sends it).
      expect(prefillOf(backup)).toBe(SENT.trimEnd());
    });

    it('is restarted and spliced on by a fallback without prefill (OpenAI): one seamless answer', async () => {
      const primary = await upstream(primaryFormat, MID_STREAM_FAULTS[fault]);
      const backup = await upstream('openai');
      const server = await gateway({
        final: [model(primaryFormat, 'primary', primary), model('openai', 'backup', backup)],
      });
      seamless(await streamChat(server.url, { model: 'c' }));
      expect(prefillOf(backup)).toBeUndefined();
    });
  });
});

describe('when the fallback cannot continue the text sent', () => {
  it('ends the stream with an error naming the primary’s failure when the restarted answer diverges', async () => {
    const primary = await upstream('openai', MID_STREAM_FAULTS.stall);
    const backup = await upstream('openai', { tokens: ['Something ', 'else.'] });
    const server = await gateway({ final: [model('openai', 'primary', primary), model('openai', 'backup', backup)] });
    const stream = await streamChat(server.url, { model: 'c' });
    expect(stream.content).toBe(SENT);
    expect(stream.done).toBe(false);
    expect(stream.error).toMatchObject({ code: 'timeout-idle', type: 'upstream_error' });
    expect(stream.error?.message).toMatch(
      /The model stopped sending in mid-answer.*did not continue the text already sent/,
    );
  });

  it('retries a model that refuses the prefill (400) at once without one, and splices it on', async () => {
    const primary = await upstream('openai', MID_STREAM_FAULTS.cut);
    const backup = await upstream('anthropic', { prefill: 'reject' });
    const server = await gateway({
      final: [model('openai', 'primary', primary), model('anthropic', 'backup', backup)],
    });
    seamless(await streamChat(server.url, { model: 'c' }));
    expect(backup.requests).toHaveLength(2);
    expect(prefillOf(backup, 0)).toBe(SENT.trimEnd());
    expect(prefillOf(backup, 1)).toBeUndefined();
  });

  it('names the primary’s failure, never the fallback’s prefill 400, when nothing can continue', async () => {
    const primary = await upstream('openai', MID_STREAM_FAULTS['in-band error']);
    const backup = await upstream('anthropic', { prefill: 'reject', tokens: ['Other ', 'words.'] });
    const server = await gateway({
      final: [model('openai', 'primary', primary), model('anthropic', 'backup', backup)],
    });
    const stream = await streamChat(server.url, { model: 'c' });
    expect(stream.content).toBe(SENT);
    expect(stream.error).toMatchObject({ code: 'upstream-error' });
    expect(stream.error?.message).toMatch(/The model reported an error while answering/);
    expect(stream.body).not.toMatch(/400|prefill/);
  });
});

describe('a hold-back window', () => {
  it.each([
    ['tokens', { tokens: 3 }],
    ['ms', { ms: 5_000 }],
  ])('(%s) keeps a failure inside it invisible: the fallback’s own answer, no error', async (_name, holdBack) => {
    const primary = await upstream('openai', MID_STREAM_FAULTS.cut);
    const backup = await upstream('openai', { tokens: ['A different ', 'answer.'] });
    const server = await gateway({
      final: [model('openai', 'primary', primary), model('openai', 'backup', backup)],
      holdBack,
    });
    const stream = await streamChat(server.url, { model: 'c' });
    expect(stream).toMatchObject({ status: 200, content: 'A different answer.', done: true, models: ['backup'] });
    expect(stream.error).toBeUndefined();
  });
});

describe('completion without the terminator', () => {
  it('takes an OpenAI stream that gave its finish_reason and ended cleanly as complete: no rescue', async () => {
    const primary = await upstream('openai', { noTerminator: true });
    const backup = await upstream('openai');
    const server = await gateway({ final: [model('openai', 'primary', primary), model('openai', 'backup', backup)] });
    seamless(await streamChat(server.url, { model: 'c' }));
    expect(backup.requests).toHaveLength(0);
  });
});
