import { expect, test } from '@playwright/test';

test('a body that is not JSON gets HTTP 400 with a JSON error', async ({ request }) => {
  const response = await request.post('/api/cascade', {
    headers: { 'content-type': 'application/json' },
    data: '{"messages": [',
  });
  expect(response.status()).toBe(400);
  expect(response.headers()['content-type']).toMatch(/application\/json/);
  const body = await response.json();
  expect(body.error.code).toBe('invalid_request');
  expect(body.error.message).toMatch(/json/i);
});

test('a malformed message gets HTTP 400 naming the field', async ({ request }) => {
  const response = await request.post('/api/cascade', {
    data: { messages: [{ role: 'user', content: 42 }] },
  });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.field).toBe('messages[0].content');
  expect(body.error.message).toContain('messages[0].content');
});

test('missing messages gets HTTP 400 naming the field', async ({ request }) => {
  const response = await request.post('/api/cascade', { data: { chain: 'default' } });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.field).toBe('messages');
});

test('a valid request streams protocol v1 events ending with done', async ({ request }) => {
  const response = await request.post('/api/cascade', {
    data: { messages: [{ role: 'user', content: 'Hi' }] },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/text\/event-stream/);
  const text = await response.text();
  expect(text).toMatch(/^event: turn-start\n/);
  expect(text).toContain('event: settled\n');
  expect(text.trimEnd()).toMatch(/event: done\ndata: \{"type":"done"\}$/);
});

test('the OpenAI-compatible gateway answers with the final lane, naming the serving model', async ({ request }) => {
  const response = await request.post('/v1/chat/completions', {
    data: { model: 'default', messages: [{ role: 'user', content: 'Hi' }] },
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.object).toBe('chat.completion');
  expect(body.model).toBe('sim-large');
  expect(body.choices[0].message.content).toContain('You asked: “Hi”.');
  expect(body.choices[0].finish_reason).toBe('stop');
});
