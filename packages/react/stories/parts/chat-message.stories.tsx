import { ChatMessage, ChatStatus, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { chatCode, StoryChat } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatMessage',
  component: ChatMessage,
  tags: ['autodocs'],
  // Each message of the list gets its own id; the story's args style them all.
  args: { id: '(each message)' },
  argTypes: { id: { control: false } },
} satisfies Meta<typeof ChatMessage>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * One message per id, as an `<article>` named "You" or "Assistant"; its `data-status` and
 * `data-upgraded` let an app style each state. Here: an app's own element through `asChild`.
 */
export const WithItsParts: Story = {
  args: { className: 'my-message' },
  render: ({ id: _, ...args }) => (
    <StoryChat>
      {(id) => (
        <ChatMessage {...args} id={id}>
          <ChatStatus />
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: chatCode({ message: 'className="my-message"' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const answer = await ask(canvasElement, 'How do retries work?');
    const question = canvas.getByRole('article', { name: 'You' });
    await expect(question).toHaveAttribute('data-role', 'user');
    await expect(question).toHaveClass('ck-message', 'my-message');
    await expect(answer).toHaveAccessibleName('Assistant');
    await waitForStatus(answer, 'final');
    await expect(answer).toHaveAttribute('data-upgraded');
    await expectNoA11yViolations(canvasElement);
  },
};
