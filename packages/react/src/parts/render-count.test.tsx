import type { CascadeEvent } from '@cascadekit/core';
import { expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { manualScheduler } from '../../__fixtures__/manual-scheduler.js';
import { OPENING, scriptedFetch } from '../../__fixtures__/scripted-fetch.js';
import { CascadeChat } from '../chat/cascade-chat.js';

test('a token re-renders only its own answer text, and tokens are batched per flush', async () => {
  const server = scriptedFetch();
  const scheduler = manualScheduler();
  const counts = { list: 0, text: new Map<string, number>(), status: new Map<string, number>() };
  const bump = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  let events = 0;

  await render(
    <CascadeChat.Root
      fetch={server.fetch}
      schedule={scheduler.schedule}
      onEvent={() => {
        events += 1;
      }}
      initialMessages={[
        { role: 'user', content: 'Earlier question' },
        { role: 'assistant', content: 'Earlier answer' },
      ]}
    >
      <CascadeChat.Messages>
        {(id) => {
          counts.list += 1;
          return (
            <CascadeChat.Message id={id}>
              <CascadeChat.Status>
                {(status) => {
                  bump(counts.status, id);
                  return status;
                }}
              </CascadeChat.Status>
              <CascadeChat.Text
                render={(text) => {
                  bump(counts.text, id);
                  return text;
                }}
              />
            </CascadeChat.Message>
          );
        }}
      </CascadeChat.Messages>
      <CascadeChat.Composer />
    </CascadeChat.Root>,
  );
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'New question');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  const turn = await server.nextTurn();
  turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'A' });
  await vi.waitUntil(() => events === 4);
  scheduler.flush();
  const streaming = page.getByRole('article', { name: 'Assistant' }).last();
  await expect.element(streaming.getByText('A', { exact: true })).toBeVisible();
  await expect.element(streaming).toHaveAttribute('data-status', 'drafting');
  const earlierId = [...counts.text.keys()][0] as string; // user messages do not call `render`
  const streamingId = [...counts.text.keys()].at(-1) as string;
  const before = {
    list: counts.list,
    earlier: counts.text.get(earlierId),
    earlierStatus: counts.status.get(earlierId),
    status: counts.status.get(streamingId),
    text: counts.text.get(streamingId) ?? 0,
  };

  const tokens: CascadeEvent[] = ['B', 'C', 'D'].map((text) => ({ type: 'delta', lane: 'draft', text }));
  turn.emit(...tokens);
  await vi.waitUntil(() => events === 7);
  // Three tokens arrived, nothing rendered yet: they wait for the scheduler's flush.
  expect(counts.text.get(streamingId)).toBe(before.text);
  scheduler.flush();
  await expect.element(streaming.getByText('ABCD', { exact: true })).toBeVisible();

  expect(counts.text.get(streamingId)).toBe(before.text + 1);
  expect(counts.list).toBe(before.list);
  expect(counts.text.get(earlierId)).toBe(before.earlier);
  expect(counts.status.get(earlierId)).toBe(before.earlierStatus);
  expect(counts.status.get(streamingId)).toBe(before.status);
  turn.emit({ type: 'done' });
});

test('sending into a conversation renders the new messages only, not the earlier ones again', async () => {
  const server = scriptedFetch();
  const rendered = new Map<string, number>();
  const earlier = Array.from({ length: 6 }, (_, i) => ({
    role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
    content: `Message ${i}`,
  }));
  await render(
    <CascadeChat.Root fetch={server.fetch} initialMessages={earlier}>
      <CascadeChat.Messages>
        {(id) => {
          rendered.set(id, (rendered.get(id) ?? 0) + 1);
          return <CascadeChat.Message id={id} />;
        }}
      </CascadeChat.Messages>
      <CascadeChat.Composer />
    </CascadeChat.Root>,
  );
  await expect.element(page.getByText('Message 5')).toBeVisible();
  const before = new Map(rendered);
  expect(before.size).toBe(6);

  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'New question');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  const turn = await server.nextTurn();
  await expect.element(page.getByText('New question')).toBeVisible();
  turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Fresh' });
  await expect.element(page.getByText('Fresh')).toBeVisible();

  for (const [id, count] of before) expect(rendered.get(id), `earlier message ${id}`).toBe(count);
  expect(rendered.size).toBe(8);
  turn.emit({ type: 'done' });
});
