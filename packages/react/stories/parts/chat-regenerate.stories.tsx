import { ChatRegenerate } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatRegenerate',
  component: ChatRegenerate,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatRegenerate>;

export default meta;
type Story = StoryObj<typeof meta>;

/** "Regenerate" on a standing answer: the same question is answered again, in place. */
export const OnAStandingAnswer: Story = {
  ...inEachMessage(ChatRegenerate, { name: 'ChatRegenerate', layout: ['ChatStatus', 'ChatText', '*'] }),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    await userEvent.click(within(answer).getByRole('button', { name: 'Regenerate' }));
    // Running again, the button is gone until the new answer stands.
    await until(answer, () => answer.getAttribute('data-status') !== 'final');
    await expect(within(answer).queryByRole('button', { name: 'Regenerate' })).toBeNull();
    await waitForStatus(answer, 'final');
    await expect(canvasElement.querySelectorAll('[data-role="assistant"]')).toHaveLength(1);
    await expect(within(answer).getByRole('button', { name: 'Regenerate' })).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
