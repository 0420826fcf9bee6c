import { type CascadeEvent, type CascadeStore, createCascadeStore } from '@cascadekit/core';
import { describe, expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, pick, type ScriptedTurn, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat, type CascadeChatProps } from '../chat/cascade-chat.js';

async function start(props: Partial<CascadeChatProps> = {}) {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} {...props} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Question');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  return server.nextTurn();
}

const answer = () => page.getByRole('article', { name: 'Assistant' }).last();

/** A chat in replace mode with a short swap mark, over a given store (so it can mount again). */
function SwapChat({ fetch, store }: { fetch: typeof globalThis.fetch; store: CascadeStore }) {
  return (
    <CascadeChat.Root fetch={fetch} store={store}>
      <CascadeChat.Messages>
        {(id) => (
          <CascadeChat.Message id={id}>
            <CascadeChat.Text swapDuration={400} />
          </CascadeChat.Message>
        )}
      </CascadeChat.Messages>
      <CascadeChat.Composer />
    </CascadeChat.Root>
  );
}

/** The text of every range the named highlight holds now. */
function marked(name: string): string[] {
  const highlights = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
  return [...(highlights.get(name) ?? [])].map((range) => range.toString());
}

const DRAFT = 'The quick fox jumps. It is **brown**.';
const FINAL = 'The quick fox leaps. It is **brown**.\n\n- A list item that is new.';

/** Sends, streams the draft until it shows, then the final lane: the swap happens in view. */
async function swap(turn: ScriptedTurn) {
  const script = upgradeScript([DRAFT], [FINAL]);
  const draftDone = script.findIndex((e) => e.type === 'lane-done' && e.lane === 'draft');
  turn.emit(...script.slice(0, draftDone + 1));
  await expect.element(answer().getByText('The quick fox jumps.')).toBeVisible();
  turn.emit(...script.slice(draftDone + 1));
  await expect.element(answer()).toHaveAttribute('data-status', 'final');
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

  test("'replace' marks the changed sentences of the rendered final text briefly, moving nothing", async () => {
    const turn = await start({});
    await swap(turn);
    // Rendered markdown, never its source; the changed sentences are marked, the unchanged one not.
    await expect.element(answer().getByText('brown')).toHaveProperty('tagName', 'STRONG');
    await expect.poll(() => marked('ck-changed')).toEqual(['The quick fox leaps.', 'A list item that is new.']);
    expect(answer().element().querySelector('mark, ins, del')).toBeNull();
    // The mark fades (a lighter highlight), then goes.
    await expect.poll(() => marked('ck-changed-fading').length, { timeout: 5000 }).toBe(2);
    await expect
      .poll(() => marked('ck-changed').length + marked('ck-changed-fading').length, { timeout: 5000 })
      .toBe(0);
  });

  test('with reduced motion the mark goes without fading', async () => {
    const real = window.matchMedia.bind(window);
    const spy = vi
      .spyOn(window, 'matchMedia')
      .mockImplementation((query: string) =>
        query.includes('prefers-reduced-motion') ? ({ matches: true } as MediaQueryList) : real(query),
      );
    try {
      const server = scriptedFetch();
      await render(<SwapChat fetch={server.fetch} store={createCascadeStore()} />);
      await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Question');
      await userEvent.click(page.getByRole('button', { name: 'Send' }));
      await swap(await server.nextTurn());
      await expect.poll(() => marked('ck-changed').length).toBe(2);
      const fading: number[] = [];
      const timer = setInterval(() => fading.push(marked('ck-changed-fading').length), 20);
      await expect.poll(() => marked('ck-changed').length, { timeout: 3000 }).toBe(0);
      clearInterval(timer);
      expect(fading.every((n) => n === 0)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  test("'diff' keeps the changed sentences marked", async () => {
    const turn = await start({ merge: 'diff' });
    await swap(turn);
    await expect.poll(() => marked('ck-changed').length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(marked('ck-changed')).toEqual(['The quick fox leaps.', 'A list item that is new.']);
  });

  test("'replace' plays the swap mark once: the message mounted again shows the final text unmarked", async () => {
    const server = scriptedFetch();
    const store = createCascadeStore();
    const first = await render(<SwapChat fetch={server.fetch} store={store} />);
    await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Question');
    await userEvent.click(page.getByRole('button', { name: 'Send' }));
    await swap(await server.nextTurn());
    await expect.poll(() => marked('ck-changed').length).toBe(2);
    await first.unmount();
    expect(marked('ck-changed')).toEqual([]);
    await render(<SwapChat fetch={server.fetch} store={store} />);
    await expect.element(answer().getByText('The quick fox leaps.')).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(marked('ck-changed')).toEqual([]);
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
    expect(answer().getByText('Draft answer').query()).toBeNull();
    // Visibly live: its own status words and mark; nothing is announced before validation.
    await expect.element(answer().getByText('Improving, live…')).toBeVisible();
    expect(pick(answer(), '.ck-text')?.hasAttribute('data-live')).toBe(true);
    const region = page.getByRole('status');
    await expect.element(region).toHaveTextContent('');
    turn.emit(
      { type: 'lane-done', lane: 'draft', model: 'sim-fast', text: 'Draft answer' },
      { type: 'lane-done', lane: 'final', model: 'sim-large', text: 'Final answer, longer and better' },
      { type: 'done' },
    );
    await expect.element(answer()).toHaveAttribute('data-status', 'final');
    await expect.element(region).toHaveTextContent('Improved answer ready.');
    expect(pick(answer(), '.ck-text')?.hasAttribute('data-live')).toBe(false);
  });

  test("'on-validated' (default) keeps the draft until the final lane is validated", async () => {
    const turn = await start();
    turn.emit(...OPENING, delta('draft', 'Draft'), delta('final', 'A much longer final answer'));
    await expect.element(answer().getByText('Draft', { exact: true })).toBeVisible();
    expect(answer().getByText('A much longer final answer').query()).toBeNull();
  });
});
