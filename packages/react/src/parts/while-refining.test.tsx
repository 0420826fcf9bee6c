import type { CascadeEvent, WhileRefining } from '@cascadekit/core';
import { describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { pick, type ScriptedTurn, scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import '../styles.css';
import { CascadeChat } from '../chat/cascade-chat.js';

const answers = () => page.getByRole('article', { name: 'Assistant' });
const input = () => page.getByRole('textbox', { name: 'Message' });

async function ask(question: string) {
  await userEvent.fill(input(), question);
  await userEvent.keyboard('{Enter}');
}

/** The events of an upgrade cut after the draft's lane-done: the final lane still works. */
function inTwo(draft: string, final: string): [CascadeEvent[], CascadeEvent[]] {
  const script = upgradeScript([draft], [final]);
  const cut = script.findIndex((e) => e.type === 'lane-done' && e.lane === 'draft') + 1;
  return [script.slice(0, cut), script.slice(cut)];
}

/** A chat whose first answer is refining (its draft complete and shown). */
async function firstRefining(whileRefining?: WhileRefining, style = { height: '420px' }) {
  const server = scriptedFetch();
  await render(<CascadeChat fetch={server.fetch} style={style} {...(whileRefining ? { whileRefining } : {})} />);
  await ask('First question');
  const first = await server.nextTurn();
  const [untilDraft, rest] = inTwo('The quick draft.', 'The improved final answer, which is longer.');
  first.emit(...untilDraft);
  await expect.element(answers().first()).toHaveAttribute('data-status', 'refining');
  return { server, first, rest };
}

describe('the composer while an answer refines', () => {
  test('keep (default): Send works at once; the first answer keeps refining and later upgrades; the history holds the draft', async () => {
    const { server, first, rest } = await firstRefining();
    await ask('Second question');
    const second = await server.nextTurn();
    expect(second.body.messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'The quick draft.' },
      { role: 'user', content: 'Second question' },
    ]);
    second.emit(...upgradeScript(['Second draft.'], ['Second final.']));
    await expect.element(answers().nth(1)).toHaveAttribute('data-status', 'final');
    await expect.element(answers().first()).toHaveAttribute('data-status', 'refining');
    await expect.element(page.getByRole('button', { name: 'Stop' })).toBeEnabled();
    first.emit(...rest);
    await expect.element(answers().first()).toHaveAttribute('data-status', 'final');
    await expect.element(answers().first().getByText('The improved final answer, which is longer.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  test('accept-draft: sending keeps the first draft as the answer and cancels its refinement', async () => {
    const { server, first } = await firstRefining('accept-draft');
    await ask('Second question');
    await expect.element(answers().first()).toHaveAttribute('data-status', 'accepted');
    await expect.element(answers().first().getByText('Quick answer', { exact: true })).toBeVisible();
    expect(first.cancelled).toBe(true);
    const second = await server.nextTurn();
    expect(second.body.messages[1]).toEqual({ role: 'assistant', content: 'The quick draft.' });
  });

  test('stop: sending stops the first turn; its complete draft stays, accepted by the user', async () => {
    const { server, first } = await firstRefining('stop');
    await ask('Second question');
    await expect.element(answers().first()).toHaveAttribute('data-status', 'accepted');
    expect(first.cancelled).toBe(true);
    await server.nextTurn();
  });

  test('while the answer above has nothing readable yet, Send says why and keeps the text', async () => {
    const server = scriptedFetch();
    await render(<CascadeChat fetch={server.fetch} />);
    await ask('First question');
    const first: ScriptedTurn = await server.nextTurn();
    first.emit(...upgradeScript(['Half a dr'], ['x']).slice(0, 4));
    await expect.element(answers().first()).toHaveAttribute('data-status', 'drafting');
    await ask('Too early');
    await expect.element(page.getByText(/Send works as soon as the answer above is readable/)).toBeVisible();
    await expect.element(input()).toHaveValue('Too early');
    await expect.element(page.getByRole('button', { name: 'Send' })).toHaveAttribute('aria-disabled', 'true');
    expect(server.turns).toHaveLength(1);
    // Readable: the hint goes and the same text sends.
    first.emit({ type: 'lane-done', lane: 'draft', model: 'sim-fast', text: 'Half a draft.' });
    await expect.element(page.getByText(/Send works as soon as/)).not.toBeInTheDocument();
    await userEvent.click(page.getByRole('button', { name: 'Send' }));
    const second = await server.nextTurn();
    expect(second.body.messages.at(-1)?.content).toBe('Too early');
  });
});

describe('the swap of an earlier answer never moves the newer turn', () => {
  const longFinal = Array.from({ length: 12 }, (_, i) => `Improved sentence number ${i + 1}.`).join('\n\n');

  async function twoTurns() {
    const { server, first, rest } = await firstRefining(undefined, { height: '420px' });
    await ask('Second question');
    const second = await server.nextTurn();
    const lines = Array.from({ length: 30 }, (_, i) => `Second answer line ${i + 1}.`).join('\n\n');
    second.emit(...upgradeScript([lines], [lines]));
    await expect.element(answers().nth(1)).toHaveAttribute('data-status', 'final');
    const swapFirst = () =>
      first.emit(
        ...rest.map((e) =>
          e.type === 'delta' ? { ...e, text: longFinal } : e.type === 'lane-done' ? { ...e, text: longFinal } : e,
        ),
      );
    return { swapFirst };
  }

  const topOf = (text: string) => page.getByText(text).element().getBoundingClientRect().top;

  test('following the newest text (pinned to the bottom)', async () => {
    const { swapFirst } = await twoTurns();
    const before = topOf('Second answer line 30.');
    swapFirst();
    await expect.element(answers().first()).toHaveAttribute('data-status', 'final');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Math.abs(topOf('Second answer line 30.') - before)).toBeLessThan(1);
  });

  test('scrolled up, reading the newer answer while the earlier one swaps above the view', async () => {
    const { swapFirst } = await twoTurns();
    const log = page.getByRole('log').element() as HTMLElement;
    const reading = page.getByText('Second answer line 10.').element() as HTMLElement;
    log.scrollTop += reading.getBoundingClientRect().top - log.getBoundingClientRect().top - 40;
    await expect.element(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
    const before = topOf('Second answer line 10.');
    expect(pick(page.getByRole('log'), '[data-role="assistant"]')?.getBoundingClientRect().top).toBeLessThan(
      log.getBoundingClientRect().top,
    );
    swapFirst();
    await expect.element(answers().first()).toHaveAttribute('data-status', 'final');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(Math.abs(topOf('Second answer line 10.') - before)).toBeLessThan(1);
    // "Jump to latest" scrolls back down and follows again.
    await userEvent.click(page.getByRole('button', { name: 'Jump to latest' }));
    await expect.poll(() => log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThan(2);
    await expect.element(page.getByRole('button', { name: 'Jump to latest' })).not.toBeInTheDocument();
  });
});
