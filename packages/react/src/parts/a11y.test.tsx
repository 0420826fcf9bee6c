import type { CascadeEvent } from '@cascadekit/core';
import axe from 'axe-core';
import { describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, pick, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from '../chat/cascade-chat.js';

const answer = () => page.getByRole('article', { name: 'Assistant' }).last();

async function ask(question: string) {
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), question);
  await userEvent.keyboard('{Enter}');
}

async function violations(root: HTMLElement) {
  const results = await axe.run(root, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no violations across answer states (${theme})`, async () => {
      const server = scriptedFetch();
      const { container } = await render(
        <main>
          <h1>Chat</h1>
          <CascadeChat fetch={server.fetch} theme={theme} merge="diff" />
        </main>,
      );
      await ask('First');
      (await server.nextTurn()).emit(
        ...upgradeScript(
          ['A **draft** with [a link](https://example.com).'],
          ['The *final* answer:\n\n- one\n- `two`\n\n```ts\n// a comment\nconst answer: number = 42; // "quoted"\n```'],
        ),
      );
      await expect.element(answer()).toHaveAttribute('data-status', 'final');
      // Every new state: the comparison, the trace with its timeline, highlighted code.
      await userEvent.click(answer().getByRole('button', { name: 'Show changes' }));
      await expect.element(answer().getByRole('region', { name: /Changes between/ })).toBeVisible();
      await userEvent.click(answer().getByText('Details'));
      await expect.element(answer().getByRole('table', { name: 'Attempts' })).toBeVisible();
      await expect.poll(() => pick(answer(), 'pre[data-highlighted]')).not.toBeNull();
      expect(await violations(container)).toEqual([]);
      await ask('Second');
      const turn = await server.nextTurn();
      turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Streaming…' });
      await expect.element(answer()).toHaveAttribute('data-status', 'drafting');
      expect(await violations(container)).toEqual([]);
      await userEvent.click(page.getByRole('button', { name: 'Stop' }));
      await expect.element(answer().getByRole('button', { name: 'Retry' })).toBeVisible();
      expect(await violations(container)).toEqual([]);
    });
  }

  test('works from the keyboard: type and send, stop, retry', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    await userEvent.tab(); // the message log (scrollable region)
    await expect.element(page.getByRole('log')).toHaveFocus();
    await userEvent.tab();
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toHaveFocus();
    await userEvent.keyboard('Keyboard question{Enter}');
    const turn = await server.nextTurn();
    turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Partial' });
    await expect.element(page.getByRole('button', { name: 'Stop' })).toBeEnabled();
    // Send is disabled while streaming, so Tab goes straight to Stop.
    await userEvent.tab();
    await expect.element(page.getByRole('button', { name: 'Stop' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.element(answer()).toHaveAttribute('data-status', 'stopped');
    answer().getByRole('button', { name: 'Retry' }).element().focus();
    await userEvent.keyboard('{Enter}');
    (await server.nextTurn()).emit(...upgradeScript(['d'], ['Retried by keyboard']));
    await expect.element(answer().getByText('Retried by keyboard')).toBeVisible();
  });

  test('announces a swap once in the live region, never per token', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    const region = page.getByRole('status');
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(region.element().textContent ?? ''));
    observer.observe(region.element(), { childList: true, subtree: true, characterData: true });
    await ask('Count announcements');
    const turn = await server.nextTurn();
    const tokens = Array.from(
      { length: 30 },
      (_, i): CascadeEvent => ({ type: 'delta', lane: 'draft', text: `w${i} ` }),
    );
    turn.emit(...OPENING, ...tokens);
    await expect.element(answer().getByText(/w29/)).toBeVisible();
    turn.emit(...upgradeScript([], ['Refined.']).slice(4));
    await expect.element(region).toHaveTextContent('Improved answer ready.');
    observer.disconnect();
    expect(seen.filter((text) => text.trim() !== '')).toEqual(['Improved answer ready.']);
  });
});
