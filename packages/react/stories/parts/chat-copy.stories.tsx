import { ChatCopy } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { answerText, ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatCopy',
  component: ChatCopy,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatCopy>;

export default meta;
type Story = StoryObj<typeof meta>;

/** What was copied while the story runs. */
const copied: string[] = [];

/** Copy under every message: on an answer once its text is readable, on a question at once. */
export const OnEachMessage: Story = {
  ...inEachMessage(ChatCopy, { name: 'ChatCopy' }),
  // The clipboard still gets the text, and the story sees it: a page that is not focused (a headless
  // test run) may not write to the clipboard, and "Copied" shows only once the write succeeded.
  beforeEach: () => {
    copied.length = 0;
    const clipboard = navigator.clipboard;
    const write = clipboard.writeText;
    clipboard.writeText = (text) => {
      copied.push(text);
      return write.call(clipboard, text).catch(() => {});
    };
    return () => {
      clipboard.writeText = write;
    };
  },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    const copy = within(answer).getByRole('button', { name: 'Copy' });
    await userEvent.click(copy);
    await until(copy, () => copy.textContent === 'Copied');
    await expect(copy).toHaveTextContent('Copied');
    await expect(copy).toHaveAttribute('data-copied');
    await expect(copied).toEqual([answerText(answer)]);
    const question = within(canvasElement).getByRole('article', { name: 'You' });
    await userEvent.click(within(question).getByRole('button', { name: 'Copy' }));
    await expect(copied.at(-1)).toBe('How do retries work?');
    await expectNoA11yViolations(canvasElement);
  },
};
