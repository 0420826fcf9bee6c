import { describe, expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { pick, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from '../chat/cascade-chat.js';
import type { FeedbackEvent } from './feedback.js';

const answer = () => page.getByRole('article', { name: 'Assistant' }).last();
const question = () => page.getByRole('article', { name: 'You' }).last();

async function chatWithOneAnswer(props: { onFeedback?: (event: FeedbackEvent) => void } = {}) {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} {...props} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'What is SSE?');
  await userEvent.keyboard('{Enter}');
  (await server.nextTurn()).emit(
    ...upgradeScript(
      ['Draft.'],
      ['**Server-Sent Events** stream text.\n\n```ts\nconst source = new EventSource("/x");\n```'],
    ),
  );
  await expect.element(answer()).toHaveAttribute('data-status', 'final');
  return server;
}

function spyClipboard() {
  const writes: string[] = [];
  const spy = vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => {
    writes.push(text);
  });
  return { writes, restore: () => spy.mockRestore() };
}

describe('message actions', () => {
  test('Copy puts the answer (markdown) and a code block on the clipboard and says so', async () => {
    const clipboard = spyClipboard();
    try {
      await chatWithOneAnswer();
      await userEvent.click(answer().getByRole('button', { name: 'Copy', exact: true }));
      expect(clipboard.writes.at(-1)).toContain('**Server-Sent Events** stream text.');
      await expect.element(answer().getByRole('button', { name: 'Copied' })).toBeVisible();
      await userEvent.click(answer().getByRole('button', { name: 'Copy code' }));
      expect(clipboard.writes.at(-1)).toBe('const source = new EventSource("/x");');
      await userEvent.click(question().getByRole('button', { name: 'Copy', exact: true }));
      expect(clipboard.writes.at(-1)).toBe('What is SSE?');
    } finally {
      clipboard.restore();
    }
  });

  test('Regenerate asks the same question again in place', async () => {
    const server = await chatWithOneAnswer();
    await userEvent.click(answer().getByRole('button', { name: 'Regenerate' }));
    const again = await server.nextTurn();
    expect(again.body.messages).toEqual([{ role: 'user', content: 'What is SSE?' }]);
    again.emit(...upgradeScript(['d'], ['A second answer.']));
    await expect.element(answer().getByText('A second answer.')).toBeVisible();
    expect(page.getByRole('article', { name: 'Assistant' }).all()).toHaveLength(1);
  });

  test('Edit opens the question in a box; saving truncates and answers the edited text; Escape cancels', async () => {
    const server = await chatWithOneAnswer();
    await userEvent.click(question().getByRole('button', { name: 'Edit' }));
    const box = page.getByRole('textbox', { name: 'Edit message' });
    await expect.element(box).toHaveValue('What is SSE?');
    await userEvent.keyboard('{Escape}');
    await expect.element(box).not.toBeInTheDocument();
    await userEvent.click(question().getByRole('button', { name: 'Edit' }));
    await userEvent.fill(page.getByRole('textbox', { name: 'Edit message' }), 'What is a WebSocket?');
    await userEvent.click(page.getByRole('button', { name: 'Save and send' }));
    const edited = await server.nextTurn();
    expect(edited.body.messages).toEqual([{ role: 'user', content: 'What is a WebSocket?' }]);
    await expect.element(question().getByText('What is a WebSocket?')).toBeVisible();
    expect(page.getByRole('article', { name: 'You' }).all()).toHaveLength(1);
  });

  test('Feedback: pressed state, reported to onFeedback, taken back by pressing again', async () => {
    const events: FeedbackEvent[] = [];
    await chatWithOneAnswer({ onFeedback: (event) => events.push(event) });
    const good = answer().getByRole('button', { name: 'Good answer' });
    await userEvent.click(good);
    await expect.element(good).toHaveAttribute('aria-pressed', 'true');
    expect(events.map((e) => e.rating)).toEqual(['up']);
    expect(events[0]?.message.feedback).toBe('up');
    await userEvent.click(answer().getByRole('button', { name: 'Bad answer' }));
    await userEvent.click(answer().getByRole('button', { name: 'Bad answer' }));
    expect(events.map((e) => e.rating)).toEqual(['up', 'down', null]);
    await expect.element(good).toHaveAttribute('aria-pressed', 'false');
  });

  test('each message shows its time; feedback buttons only with onFeedback', async () => {
    await chatWithOneAnswer();
    const time = pick(answer(), 'time');
    expect(time?.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(time?.textContent).toMatch(/\d/);
    expect(answer().getByRole('button', { name: 'Good answer' }).query()).toBeNull();
  });

  test('the composer grows with Shift+Enter lines, up to its maximum', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    const input = page.getByRole('textbox', { name: 'Message' });
    const height = () => input.element().getBoundingClientRect().height;
    const one = height();
    await userEvent.click(input);
    await userEvent.keyboard('one{Shift>}{Enter}{/Shift}two{Shift>}{Enter}{/Shift}three');
    expect(height()).toBeGreaterThan(one * 1.8);
    for (let i = 0; i < 20; i++) await userEvent.keyboard('{Shift>}{Enter}{/Shift}more');
    expect(height()).toBeLessThanOrEqual(161);
  });
});
