import type { CascadeEvent } from '@cascadekit/core';
import { describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, pick, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from './cascade-chat.js';

const DRAFT_DONE: CascadeEvent = { type: 'lane-done', lane: 'draft', model: 'sim-fast', text: 'Quick draft' };

async function ask(question: string) {
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), question);
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
}

function answer() {
  return page.getByRole('article', { name: 'Assistant' }).last();
}

describe('<CascadeChat>', () => {
  test('streams the draft, then swaps in the validated final answer, marked upgraded and announced once', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('What is a breaker?');
    const turn = await server.nextTurn();
    expect(turn.body.messages).toEqual([{ role: 'user', content: 'What is a breaker?' }]);

    turn.emit(
      ...OPENING,
      { type: 'delta', lane: 'draft', text: 'Quick ' },
      { type: 'delta', lane: 'draft', text: 'draft' },
    );
    await expect.element(answer()).toHaveAttribute('data-status', 'drafting');
    await expect.element(answer().getByText('Answering…')).toBeVisible();
    await expect.element(answer().getByText('Quick draft')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Stop' })).toBeEnabled();

    turn.emit(DRAFT_DONE, { type: 'delta', lane: 'final', text: 'The refined answer.' });
    await expect.element(answer()).toHaveAttribute('data-status', 'refining');
    // The final lane streams behind the draft until it is validated.
    await expect.element(answer().getByText('Quick draft')).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('');

    turn.emit(
      { type: 'lane-done', lane: 'final', model: 'sim-large', text: 'The refined answer.' },
      ...upgradeScript([], []).slice(-2),
    );
    await expect.element(answer()).toHaveAttribute('data-status', 'final');
    await expect.element(answer()).toHaveAttribute('data-upgraded', '');
    await expect.element(answer().getByText('The refined answer.')).toBeVisible();
    await expect.element(answer().getByText('Improved', { exact: true })).toBeVisible();
    // Model names live in the trace, not in the status line.
    expect(pick(answer(), '.ck-status')?.textContent).not.toContain('sim-large');
    expect(answer().getByText('Quick draft').query()).toBeNull();
    await expect.element(page.getByRole('status')).toHaveTextContent('Improved answer ready.');
    await expect.element(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  test('keeps the draft, marked draft-only, when the final lane fails', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('Hi');
    const turn = await server.nextTurn();
    turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Quick draft' }, DRAFT_DONE);
    turn.emit(
      { type: 'lane-failed', lane: 'final', reason: 'http-status', message: 'The large model is unavailable.' },
      { type: 'settled', winner: 'draft', model: 'sim-fast', summary: { attempts: [], costUsd: 0, durationMs: 5 } },
      { type: 'done' },
    );
    await expect.element(answer()).toHaveAttribute('data-status', 'draft-only');
    await expect.element(answer().getByText('Quick answer — couldn’t improve')).toBeVisible();
    // Why, in plain words (the server's message stays in the trace).
    await expect.element(answer().getByText('The model’s service answered with an error.')).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('Quick answer ready; it could not be improved.');
    await expect.element(answer().getByText('Quick draft')).toBeVisible();
  });

  test('stop while drafting ends the turn, keeps the question, and the next turn works', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('First question');
    const first = await server.nextTurn();
    first.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Partial' });
    await expect.element(answer()).toHaveAttribute('data-status', 'drafting');
    await userEvent.click(page.getByRole('button', { name: 'Stop' }));
    await expect.element(answer()).toHaveAttribute('data-status', 'stopped');
    expect(first.cancelled).toBe(true);
    await expect.element(answer().getByText('Stopped')).toBeVisible();
    await expect.element(page.getByText('First question')).toBeVisible();
    await expect.element(answer().getByRole('button', { name: 'Retry' })).toBeVisible();

    await ask('Second question');
    const second = await server.nextTurn();
    // A stopped answer's partial text is never sent back as something the model said.
    expect(second.body.messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'user', content: 'Second question' },
    ]);
    second.emit(...upgradeScript(['Draft two'], ['Final two']));
    await expect.element(answer()).toHaveAttribute('data-status', 'final');
    await expect.element(answer().getByText('Final two')).toBeVisible();
  });

  test('an HTTP 500 shows an error with Retry; retry runs the same question again', async () => {
    const server = scriptedFetch();
    server.reply(Response.json({ error: { message: 'Upstream exploded.' } }, { status: 500 }));
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('Explain SSE');
    await expect.element(answer()).toHaveAttribute('data-status', 'error');
    await expect.element(answer().getByText(/Upstream exploded/)).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('The answer failed.');

    await userEvent.click(answer().getByRole('button', { name: 'Retry' }));
    const turn = await server.nextTurn();
    expect(turn.body.messages).toEqual([{ role: 'user', content: 'Explain SSE' }]);
    turn.emit(...upgradeScript(['d'], ['Recovered answer']));
    await expect.element(answer().getByText('Recovered answer')).toBeVisible();
    expect(page.getByRole('article', { name: 'You' }).all()).toHaveLength(1);
  });

  test('a stream that ends without done is marked incomplete, never shown as finished', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('Tell me more');
    const turn = await server.nextTurn();
    turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Cut off here' });
    turn.end();
    await expect.element(answer()).toHaveAttribute('data-status', 'incomplete');
    await expect.element(answer().getByText('Cut off', { exact: true })).toBeVisible();
    await expect.element(answer().getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  test('network loss before the response is an error with retry', async () => {
    const server = scriptedFetch();
    server.reply(new TypeError('Failed to fetch'));
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('Anyone there?');
    await expect.element(answer()).toHaveAttribute('data-status', 'error');
    await expect.element(answer().getByText(/Could not reach/)).toBeVisible();
    await expect.element(page.getByText('Anyone there?')).toBeVisible();
  });

  test('Enter sends, Shift+Enter adds a line', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    const input = page.getByRole('textbox', { name: 'Message' });
    await userEvent.click(input);
    await userEvent.keyboard('line one{Shift>}{Enter}{/Shift}line two{Enter}');
    const turn = await server.nextTurn();
    expect(turn.body.messages[0]?.content).toBe('line one\nline two');
    await expect.element(input).toHaveValue('');
  });

  test("a 4xx shows the server's message; a connection lost mid-stream is an error; the next turn works", async () => {
    const server = scriptedFetch();
    server.reply(Response.json({ error: { message: 'messages[0].content must be a string.' } }, { status: 400 }));
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('Bad request');
    await expect.element(answer()).toHaveAttribute('data-status', 'error');
    await expect.element(answer().getByText(/400.*messages\[0\]\.content must be a string/)).toBeVisible();

    await ask('Lose the line');
    const turn = await server.nextTurn();
    // The failed first answer is not sent as history.
    expect(turn.body.messages.map((m) => m.content)).toEqual(['Bad request', 'Lose the line']);
    turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Half an ans' });
    await expect.element(answer()).toHaveAttribute('data-status', 'drafting');
    turn.fail();
    await expect.element(answer()).toHaveAttribute('data-status', 'error');
    await expect.element(answer().getByText(/connection broke/)).toBeVisible();
    await expect.element(page.getByText('Lose the line')).toBeVisible();

    await ask('Third time lucky');
    (await server.nextTurn()).emit(...upgradeScript(['d'], ['Lucky answer']));
    await expect.element(answer().getByText('Lucky answer')).toBeVisible();
    expect(page.getByRole('article', { name: 'You' }).all()).toHaveLength(3);
  });
});
