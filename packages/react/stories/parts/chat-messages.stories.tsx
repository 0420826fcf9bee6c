import { ChatMessages } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { chatCode, StoryChat } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatMessages',
  component: ChatMessages,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatMessages>;

export default meta;
type Story = StoryObj<typeof meta>;

const PLACEHOLDER = <p>Ask about retries, timeouts or breakers.</p>;

/** The list with a placeholder of its own while empty; each message rendered by a function of its id. */
export const WithAPlaceholder: Story = {
  render: (args) => <StoryChat messages={{ ...args, empty: PLACEHOLDER }} />,
  parameters: chatCode({ messages: 'empty={<p>Ask about retries, timeouts or breakers.</p>}' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log', { name: 'Conversation' });
    await expect(within(log).getByText('Ask about retries, timeouts or breakers.')).toBeVisible();
    const answer = await ask(canvasElement, 'How do retries work?');
    await expect(within(log).queryByText('Ask about retries, timeouts or breakers.')).toBeNull();
    await waitForStatus(answer, 'final');
    await expect(
      within(log)
        .getAllByRole('article')
        .map((a) => a.getAttribute('aria-label')),
    ).toEqual(['You', 'Assistant']);
    await expectNoA11yViolations(canvasElement);
  },
};
