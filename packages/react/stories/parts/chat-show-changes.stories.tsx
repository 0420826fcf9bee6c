import { ChatShowChanges } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatShowChanges',
  component: ChatShowChanges,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatShowChanges>;

export default meta;
type Story = StoryObj<typeof meta>;

/** On an improved answer: the quick and the improved answer side by side, rendered, for as long as it is shown. */
export const OnAnImprovedAnswer: Story = {
  ...inEachMessage(ChatShowChanges, { name: 'ChatShowChanges', chat: { style: { height: 460 } } }),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    const toggle = await within(answer).findByRole('button', { name: 'Show changes' });
    await userEvent.click(toggle);
    const changes = await within(answer).findByRole('region', { name: /Changes between/ });
    await expect(within(changes).getByText('Quick answer')).toBeVisible();
    await expect(within(changes).getByText('Improved answer')).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(toggle).toHaveTextContent('Hide changes');
    await expectNoA11yViolations(canvasElement);
    await userEvent.click(toggle);
    await expect(within(answer).queryByRole('region', { name: /Changes between/ })).toBeNull();
  },
};
