import { type CascadeEvent, type CascadeStore, createCascadeStore } from '@cascadekit/core';
import { describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import { CascadeChat, type CascadeChatProps } from '../chat/cascade-chat.js';

async function start(props: Partial<CascadeChatProps> = {}) {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} {...props} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Question');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  return server.nextTurn();
}

const answer = () => page.getByRole('article', { name: 'Assistant' }).last();

/** A chat in diff mode with a short highlight, over a given store (so it can mount again). */
function DiffChat({ fetch, store }: { fetch: typeof globalThis.fetch; store: CascadeStore }) {
  return (
    <CascadeChat.Root fetch={fetch} store={store} merge="diff">
      <CascadeChat.Messages>
        {(id) => (
          <CascadeChat.Message id={id}>
            <CascadeChat.Text diffDuration={100} />
          </CascadeChat.Message>
        )}
      </CascadeChat.Messages>
      <CascadeChat.Composer />
    </CascadeChat.Root>
  );
}

describe('merge modes', () => {
  test("'append' keeps the draft and shows the refinement beneath it", async () => {
    const turn = await start({ merge: 'append' });
    turn.emit(...upgradeScript(['The quick fox.'], ['The quick brown fox.']));
    await expect.element(answer()).toHaveAttribute('data-status', 'final');
    await expect.element(answer().getByText('The quick fox.')).toBeVisible();
    const refinement = answer().getByRole('region', { name: 'Refined answer' });
    await expect.element(refinement).toHaveTextContent('The quick brown fox.');
  });

  test("'diff' marks inserted and removed words for a moment, then settles on the final text", async () => {
    const turn = await start({ merge: 'diff' });
    turn.emit(...upgradeScript(['The quick fox jumps.'], ['The quick brown fox leaps.']));
    await expect.element(answer().getByText('brown')).toHaveProperty('tagName', 'INS');
    await expect.element(answer().getByText('jumps')).toHaveProperty('tagName', 'DEL');
    await expect.element(answer().getByText('leaps')).toHaveProperty('tagName', 'INS');
    // Settles after `diffDuration` (2.5 s by default): plain final text, no marks.
    await expect
      .element(answer().getByText('The quick brown fox leaps.', { exact: true }), { timeout: 5000 })
      .toBeVisible();
    expect(answer().getByRole('deletion').query()).toBeNull();
  });

  test("'diff' plays its highlight once per turn: the message mounted again shows the settled text", async () => {
    const server = scriptedFetch();
    const store = createCascadeStore();
    const first = await render(<DiffChat fetch={server.fetch} store={store} />);
    await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Question');
    await userEvent.click(page.getByRole('button', { name: 'Send' }));
    (await server.nextTurn()).emit(...upgradeScript(['The quick fox.'], ['The quick brown fox.']));
    await expect.element(answer().getByText('brown')).toHaveProperty('tagName', 'INS');
    await expect.poll(() => first.container.querySelector('ins, del')).toBeNull();
    await first.unmount();

    const again = await render(<DiffChat fetch={server.fetch} store={store} />);
    await expect.element(answer().getByText('The quick brown fox.', { exact: true })).toBeVisible();
    expect(again.container.querySelector('ins, del')).toBeNull();
  });

  test('a function builds its own view from draft and final', async () => {
    const turn = await start({ merge: (draft, final) => ({ mode: 'replace', text: `${final} (was: ${draft})` }) });
    turn.emit(...upgradeScript(['old'], ['new']));
    await expect.element(answer().getByText('new (was: old)')).toBeVisible();
  });
});

describe('reveal', () => {
  const delta = (lane: 'draft' | 'final', text: string): CascadeEvent => ({ type: 'delta', lane, text });

  test("'stream' lets the final lane take over once its text overtakes the draft", async () => {
    const turn = await start({ reveal: 'stream' });
    turn.emit(...OPENING, delta('draft', 'Draft answer'), delta('final', 'Final'));
    const text = answer().getByText('Draft answer');
    await expect.element(text).toBeVisible();
    turn.emit(delta('final', ' answer, longer and better'));
    await expect.element(answer().getByText('Final answer, longer and better')).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('Answer refined');
    expect(answer().getByText('Draft answer').query()).toBeNull();
  });

  test("'on-validated' (default) keeps the draft until the final lane is validated", async () => {
    const turn = await start();
    turn.emit(...OPENING, delta('draft', 'Draft'), delta('final', 'A much longer final answer'));
    await expect.element(answer().getByText('Draft', { exact: true })).toBeVisible();
    expect(answer().getByText('A much longer final answer').query()).toBeNull();
  });
});
