import { ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { answerText, ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatText',
  component: ChatText,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatText>;

export default meta;
type Story = StoryObj<typeof meta>;

const FINAL = [
  'Retries repeat a failed request:',
  '',
  '- wait a little longer each time (**backoff**),',
  '- give up after a few tries.',
].join('\n');

/** The quick draft first, then the improved answer in its place, rendered as markdown. */
export const DraftThenFinal: Story = {
  ...inEachMessage(ChatText, {
    name: 'ChatText',
    layout: ['*'],
    chat: { knobs: { finalText: FINAL, finalTtftMs: 900 } },
  }),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'refining');
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'draft');
    await expect(answerText(answer)).toContain('You asked');
    await waitForStatus(answer, 'final');
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'final');
    await expect(within(answer).getAllByRole('listitem')).toHaveLength(2);
    await expect(within(answer).getByText('backoff').tagName).toBe('STRONG');
    await expectNoA11yViolations(canvasElement);
  },
};
