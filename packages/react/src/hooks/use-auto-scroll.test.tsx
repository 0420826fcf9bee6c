import type { CascadeEvent } from '@cascadekit/core';
import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, scriptedFetch } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from '../chat/cascade-chat.js';

const lines = (from: number, count: number): CascadeEvent[] =>
  Array.from({ length: count }, (_, i) => ({ type: 'delta', lane: 'draft', text: `Line ${from + i}.\n\n` }));

test('follows new text until the reader scrolls up, and again once they return to the bottom', async () => {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} style={{ height: '300px' }} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Long answer please');
  await userEvent.click(page.getByRole('button', { name: 'Send' }));
  const turn = await server.nextTurn();
  const log = page.getByRole('log').element() as HTMLElement;
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 2;

  turn.emit(...OPENING, ...lines(0, 40));
  await expect.element(page.getByText('Line 39.')).toBeInTheDocument();
  await expect.poll(atBottom).toBe(true);
  expect(log.scrollHeight).toBeGreaterThan(log.clientHeight * 2);

  log.scrollTop = 0;
  log.dispatchEvent(new Event('scroll'));
  turn.emit(...lines(40, 20));
  await expect.element(page.getByText('Line 59.')).toBeInTheDocument();
  expect(log.scrollTop).toBe(0);

  log.scrollTop = log.scrollHeight;
  log.dispatchEvent(new Event('scroll'));
  turn.emit(...lines(60, 20));
  await expect.element(page.getByText('Line 79.')).toBeInTheDocument();
  await expect.poll(atBottom).toBe(true);
  turn.emit({ type: 'done' });
});
