// No styles.css here: the headless parts must work (and stay accessible) without the kit's CSS.
import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OPENING, pick, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import { CascadeChat } from '../chat/cascade-chat.js';
import { useCascadeChat } from '../hooks/use-cascade-chat.js';
import {
  ChatComposer,
  ChatCopy,
  ChatMessage,
  ChatMessages,
  ChatRoot,
  ChatStatus,
  ChatStop,
  ChatText,
} from '../index.js';
import type { LabelsInput } from '../labels/labels.js';

function Count() {
  const { ids } = useCascadeChat();
  return <output aria-label="count">{ids.length}</output>;
}

test('an app composes hooks and a few parts: asChild puts the part on its own element', async () => {
  const server = scriptedFetch();
  await render(
    <ChatRoot fetch={server.fetch} asChild>
      <section className="app-chat" aria-label="Support chat">
        <Count />
        <ChatMessages>
          {(id) => (
            <ChatMessage id={id} asChild>
              <li className="app-message">
                <ChatStatus asChild>
                  <small className="app-status" />
                </ChatStatus>
                <ChatText />
                <ChatCopy className="app-copy" style={{ fontWeight: 700 }} />
              </li>
            </ChatMessage>
          )}
        </ChatMessages>
        <ChatComposer className="app-composer">
          <ChatStop asChild>
            <button type="button" className="app-stop">
              Halt
            </button>
          </ChatStop>
        </ChatComposer>
      </section>
    </ChatRoot>,
  );
  const root = page.getByRole('region', { name: 'Support chat' });
  await expect.element(root).toHaveClass('app-chat ck-root', { exact: false });
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Hello');
  await userEvent.keyboard('{Enter}');
  (await server.nextTurn()).emit(...upgradeScript(['Hi.'], ['Hello there.']));
  await expect.element(page.getByRole('status').getByText('Improved answer ready.')).toBeInTheDocument();
  const message = pick(page.getByRole('log'), 'li.app-message[data-role="assistant"]');
  expect(message?.classList.contains('ck-message')).toBe(true);
  expect(message?.querySelector('small.app-status.ck-status')?.textContent).toBe('Improved');
  const copy = message?.querySelector<HTMLElement>('button.app-copy');
  expect(copy?.classList.contains('ck-copy')).toBe(true);
  expect(copy?.style.fontWeight).toBe('700');
  await expect.element(page.getByRole('button', { name: 'Halt' })).toHaveClass('app-stop ck-button ck-stop', {
    exact: false,
  });
  await expect.element(page.getByLabelText('count')).toHaveTextContent('2');
});

test('without styles.css the live region is visually hidden by its own inline style', async () => {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Hi');
  await userEvent.keyboard('{Enter}');
  (await server.nextTurn()).emit(...upgradeScript(['d'], ['f']));
  const region = page.getByRole('status');
  await expect.element(region).toHaveTextContent('Improved answer ready.');
  const box = region.element().getBoundingClientRect();
  expect(box.width).toBeLessThanOrEqual(1);
  expect(box.height).toBeLessThanOrEqual(1);
  expect(getComputedStyle(region.element()).overflow).toBe('hidden');
});

const GERMAN: LabelsInput = {
  chat: { send: 'Senden', stop: 'Anhalten', input: 'Nachricht', placeholder: 'Frag etwas…' },
  status: { drafting: 'Schreibt…', improved: 'Verbessert' },
  announce: { improved: 'Verbesserte Antwort bereit.' },
  actions: { copy: 'Kopieren', regenerate: 'Neu erzeugen' },
  reasons: { 'http-status': 'Der Dienst des Modells meldete einen Fehler.' },
  trace: { summary: 'Einzelheiten' },
};

test('every string comes from one labels option, the lazily loaded ones too', async () => {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} labels={GERMAN} />);
  const input = page.getByRole('textbox', { name: 'Nachricht' });
  await expect.element(input).toHaveAttribute('placeholder', 'Frag etwas…');
  await userEvent.fill(input, 'Hallo');
  await userEvent.click(page.getByRole('button', { name: 'Senden' }));
  const turn = await server.nextTurn();
  turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: 'Entwurf' });
  const answer = page.getByRole('article', { name: 'Assistant' });
  await expect.element(answer.getByText('Schreibt…')).toBeVisible();
  await expect.element(page.getByRole('button', { name: 'Anhalten' })).toBeEnabled();
  turn.emit(...upgradeScript(['Entwurf'], ['Antwort']).slice(4));
  await expect.element(answer.getByText('Verbessert')).toBeVisible();
  await expect.element(page.getByRole('status')).toHaveTextContent('Verbesserte Antwort bereit.');
  await expect.element(answer.getByRole('button', { name: 'Kopieren' })).toBeVisible();
  await expect.element(answer.getByRole('button', { name: 'Neu erzeugen' })).toBeVisible();
  await expect.element(answer.getByText('Einzelheiten')).toBeVisible();
});

test('a closed code block is highlighted (token colours from CSS variables); an open one is not', async () => {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} />);
  await userEvent.fill(page.getByRole('textbox', { name: 'Message' }), 'Code please');
  await userEvent.keyboard('{Enter}');
  const turn = await server.nextTurn();
  turn.emit(...OPENING, { type: 'delta', lane: 'draft', text: '```ts\nconst answer: number = 42;' });
  const answer = page.getByRole('article', { name: 'Assistant' });
  await expect.element(answer.getByText('const answer: number = 42;')).toBeVisible();
  expect(pick(answer, 'pre[data-highlighted]')).toBeNull();
  turn.emit({ type: 'delta', lane: 'draft', text: '\n```\n' });
  // The first highlight loads Shiki and compiles the grammar: seconds on a busy 2-core machine.
  // Polled as a whole: a render in between may show the block plain for a moment before its
  // tokens are back (what a reader sees settle is what counts).
  const keywordColor = () =>
    [...(pick(answer, 'pre[data-highlighted] code')?.querySelectorAll<HTMLElement>('span[style]') ?? [])].find(
      (span) => span.textContent === 'const',
    )?.style.color;
  await expect.poll(keywordColor, { timeout: 30_000 }).toBe('var(--ck-code-keyword)');
  expect(pick(answer, 'pre code')?.textContent).toBe('const answer: number = 42;');
}, 45_000);
