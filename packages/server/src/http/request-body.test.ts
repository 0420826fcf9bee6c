import { describe, expect, it } from 'vitest';
import { ask, events, memoryLogger, ofType, post, sim } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';

const handler = createCascadeHandler({
  chains: { support: { final: [sim('m', { text: 'fine' })] } },
  maxBodyBytes: 1024,
  logger: memoryLogger(),
});

async function errorOf(request: Request) {
  const response = await handler(request);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return { status: response.status, error: (await response.json()).error };
}

describe('bad input gets a JSON error that names the problem', () => {
  it.each([
    ['malformed JSON', '{"messages": [', 400, 'invalid_json', undefined, 'The request body is not valid JSON.'],
    ['an empty body', '', 400, 'invalid_json', undefined, 'The request body is not valid JSON.'],
    ['a JSON array', '[]', 400, 'invalid_request', '', 'The request body must be a JSON object.'],
    ['missing messages', '{}', 400, 'invalid_request', 'messages', 'messages is required'],
    [
      'messages of the wrong type',
      '{"messages": "hi"}',
      400,
      'invalid_request',
      'messages',
      'messages must be an array',
    ],
    ['empty messages', '{"messages": []}', 400, 'invalid_request', 'messages', 'messages must not be empty'],
    [
      'a message that is not an object',
      '{"messages": [1]}',
      400,
      'invalid_request',
      'messages[0]',
      'messages[0] must be an object',
    ],
    [
      'a bad role',
      '{"messages": [{"role": "robot", "content": "x"}]}',
      400,
      'invalid_request',
      'messages[0].role',
      'messages[0].role must be one of "system", "user", "assistant"',
    ],
    [
      'content of the wrong type',
      '{"messages": [{"role": "user", "content": "ok"}, {"role": "user", "content": null}]}',
      400,
      'invalid_request',
      'messages[1].content',
      'messages[1].content must be a string',
    ],
    [
      'no user message with text',
      '{"messages": [{"role": "user", "content": "   "}]}',
      400,
      'invalid_request',
      'messages',
      'messages must contain a non-empty user message',
    ],
    [
      'a chain of the wrong type',
      '{"messages": [{"role": "user", "content": "hi"}], "chain": 7}',
      400,
      'invalid_request',
      'chain',
      'chain must be a non-empty string',
    ],
    [
      'an unknown chain',
      '{"messages": [{"role": "user", "content": "hi"}], "chain": "sales"}',
      404,
      'unknown_chain',
      'chain',
      'There is no chain named "sales".',
    ],
  ])('%s', async (_, body, status, code, field, message) => {
    const { status: actual, error } = await errorOf(post(body));
    expect(actual).toBe(status);
    expect(error).toEqual(field === undefined ? { code, message } : { code, message, field });
  });

  it('invalid UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const { status, error } = await errorOf(
      new Request('http://localhost/api/cascade', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bytes,
      }),
    );
    expect([status, error.code]).toEqual([400, 'invalid_json']);
  });

  it('a body over the limit by its content-length gets 413 before it is read', async () => {
    const request = post('x'.repeat(2000), '/api/cascade', {
      headers: { 'content-type': 'application/json', 'content-length': '2000' },
    });
    const { status, error } = await errorOf(request);
    expect(status).toBe(413);
    expect(error).toEqual({ code: 'payload_too_large', message: 'The request body is larger than 1024 bytes.' });
    expect(request.bodyUsed).toBe(false);
  });

  it('a streamed body without content-length gets 413 as soon as it passes the limit', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(400).fill(0x20));
        if (pulled > 100) controller.close();
      },
    });
    const request = new Request('http://localhost/api/cascade', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const { status } = await errorOf(request);
    expect(status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it('the limit defaults to 1 MiB', async () => {
    const defaults = createCascadeHandler({ chains: { c: { final: [sim('m')] } }, logger: memoryLogger() });
    const padding = 'x'.repeat(1024 * 1024);
    const response = await defaults(post({ ...ask(), padding }));
    expect(response.status).toBe(413);
    const fits = await defaults(post({ ...ask(), padding: padding.slice(0, 1000 * 1000) }));
    expect(fits.status).toBe(200);
    await fits.body?.cancel();
  });

  it('none of them disturbs a turn running beside them', async () => {
    const running = handler(post(ask())).then(events);
    const bad = await Promise.all([
      handler(post('{')),
      handler(post('x'.repeat(5000))),
      handler(post({ messages: [] })),
      handler(post({ ...ask(), chain: 'nope' })),
      handler(new Request('http://localhost/api/cascade', { method: 'PUT', body: '{}' })),
    ]);
    expect(bad.map((r) => r.status)).toEqual([400, 413, 400, 404, 405]);
    const all = await running;
    expect(ofType(all, 'settled')[0]).toMatchObject({ winner: 'final', model: 'm' });
  });
});
