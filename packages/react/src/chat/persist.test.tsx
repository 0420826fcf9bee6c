import { type ConversationStorage, createCascadeClient, immediateScheduler } from '@cascadekit/core';
import { afterEach, describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from './cascade-chat.js';

const answer = () => page.getByRole('article', { name: 'Assistant' }).last();

afterEach(() => localStorage.clear());

describe('<CascadeChat persist>', () => {
  test('a turn running when the page went away comes back interrupted with Retry, which answers it in place', async () => {
    // The page before the reload: a question, and the draft streaming when the page goes away.
    const before = scriptedFetch();
    const gone = createCascadeClient({ fetch: before.fetch, schedule: immediateScheduler, persist: { key: 'reload' } });
    void gone.send('Will this survive a reload?');
    (await before.nextTurn()).emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Half an ans' });
    await expect.poll(() => localStorage.getItem('reload') ?? '', { timeout: 10_000 }).toContain('Half an ans');

    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} persist={{ key: 'reload' }} />);
    await expect.element(page.getByText('Will this survive a reload?')).toBeVisible();
    await expect.element(answer()).toHaveAttribute('data-status', 'interrupted');
    await expect.element(answer().getByText('Interrupted', { exact: true })).toBeVisible();
    await expect
      .element(answer().getByText('The page was closed or reloaded before the answer finished.'))
      .toBeVisible();
    // The partial text stays readable, marked by its status.
    await expect.element(answer().getByText('Half an ans')).toBeVisible();
    // No announcement: nothing happened in this page.
    await expect.element(page.getByRole('status')).toHaveTextContent('');

    await userEvent.click(answer().getByRole('button', { name: 'Retry' }));
    const turn = await server.nextTurn();
    expect(turn.body.messages).toEqual([{ role: 'user', content: 'Will this survive a reload?' }]);
    turn.emit(...upgradeScript(['Quick.'], ['The whole answer.']));
    await expect.element(answer()).toHaveAttribute('data-status', 'final');
    await expect.element(answer().getByText('The whole answer.')).toBeVisible();
    expect(page.getByRole('article', { name: 'Assistant' }).elements()).toHaveLength(1);
    await expect.poll(() => localStorage.getItem('reload') ?? '', { timeout: 10_000 }).toContain('The whole answer.');
  });

  test('shows no "empty" placeholder while the saved conversation is read', async () => {
    const saved = scriptedFetch();
    const first = createCascadeClient({ fetch: saved.fetch, schedule: immediateScheduler, persist: { key: 'slow' } });
    const sent = first.send('Saved before');
    (await saved.nextTurn()).emit(...upgradeScript(['Draft.'], ['Saved answer.']));
    await sent;
    await expect.poll(() => localStorage.getItem('slow') ?? '', { timeout: 10_000 }).toContain('Saved answer.');

    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const local = localStorage;
    const held: ConversationStorage = {
      get: async (key) => gate.then(() => JSON.parse(local.getItem(key) ?? 'null') ?? undefined),
      set: async (key, value) => local.setItem(key, JSON.stringify(value)),
      remove: async (key) => local.removeItem(key),
    };
    await render(<CascadeChat persist={{ key: 'slow', storage: held }} />);
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    expect(page.getByText('Ask a question to start.').query()).toBeNull();
    release();
    await expect.element(page.getByText('Saved answer.')).toBeVisible();
    expect(page.getByText('Ask a question to start.').query()).toBeNull();
  });
});
