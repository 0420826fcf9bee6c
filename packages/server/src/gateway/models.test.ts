import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { memoryLogger, sim } from '../__fixtures__/harness.js';
import { createCascadeHandler } from '../handler.js';

function setup() {
  const handler = createCascadeHandler({
    logger: memoryLogger(),
    chains: { support: { final: [sim('sim-large')] }, 'code review': { final: [sim('sim-code')] } },
  });
  const client = new OpenAI({
    apiKey: 'client-key-unused',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: (url, init) => handler(new Request(url, init)),
  });
  return { handler, client };
}

describe('GET /v1/models', () => {
  it('lists the chains in the OpenAI shape', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { handler } = setup();
    const response = await handler(new Request('http://gateway.test/v1/models'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { object: string; data: { created: number }[] };
    expect(body).toEqual({
      object: 'list',
      data: [
        { id: 'support', object: 'model', created: expect.any(Number), owned_by: 'cascadekit' },
        { id: 'code review', object: 'model', created: expect.any(Number), owned_by: 'cascadekit' },
      ],
    });
    expect(body.data[0]?.created).toBeGreaterThanOrEqual(before);
    expect(body.data[0]?.created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it("works with the official openai client's models.list() and models.retrieve()", async () => {
    const { client } = setup();
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['support', 'code review']);
    expect(await client.models.retrieve('code review')).toMatchObject({ id: 'code review', object: 'model' });
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers other methods with 405 and Allow', async () => {
    const { handler } = setup();
    const response = await handler(new Request('http://gateway.test/v1/models', { method: 'POST', body: '{}' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
