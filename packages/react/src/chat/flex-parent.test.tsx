import type { CascadeEvent } from '@cascadekit/core';
import type { CSSProperties } from 'react';
import { describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, scriptedFetch } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from './cascade-chat.js';

const lines = (count: number): CascadeEvent[] =>
  Array.from({ length: count }, (_, i) => ({ type: 'delta', lane: 'draft', text: `Line ${i}.\n\n` }));

const box = (element: Element) => element.getBoundingClientRect();

// A full-height chat: a fixed-height flex column with a header, the chat taking the rest.
describe('<CascadeChat> in a flex column parent', () => {
  const cases: [string, CSSProperties][] = [
    ['stretched with flex: 1', { flex: 1 }],
    ['at its own height, taller than the space left', {}],
  ];
  test.each(cases)(
    'keeps its box when %s: the messages scroll inside and the composer stays in view',
    async (_, style) => {
      const server = scriptedFetch();
      const screen = await render(
        <div data-testid="shell" style={{ display: 'flex', flexDirection: 'column', height: '360px' }}>
          <header style={{ height: '60px', flex: 'none' }}>Header</header>
          <CascadeChat fetch={server.fetch} health={false} style={style} />
        </div>,
      );
      await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'A long answer, please');
      await userEvent.click(page.getByRole('button', { name: 'Send' }));
      const turn = await server.nextTurn();
      turn.emit(...OPENING, ...lines(60));
      await expect.element(page.getByText('Line 59.')).toBeInTheDocument();

      const shell = screen.getByTestId('shell').element();
      const root = shell.querySelector('.ck-root') as HTMLElement;
      const log = page.getByRole('log').element() as HTMLElement;
      // The root stays inside the 300 px left under the header instead of growing with its messages.
      expect(box(root).bottom).toBeLessThanOrEqual(box(shell).bottom + 0.5);
      expect(root.offsetHeight).toBeLessThanOrEqual(300);
      // So the messages scroll inside the kit …
      expect(log.scrollHeight).toBeGreaterThan(log.clientHeight * 2);
      // … the composer is visible inside the parent, and the newest text is in view.
      const composer = box(page.getByRole('textbox', { name: 'Message' }).element());
      expect(composer.bottom).toBeLessThanOrEqual(box(shell).bottom);
      expect(composer.top).toBeGreaterThanOrEqual(box(log).bottom);
      await expect
        .poll(() => box(page.getByText('Line 59.').element()).bottom)
        .toBeLessThanOrEqual(box(log).bottom + 0.5);
      turn.emit({ type: 'done' });
    },
  );
});
