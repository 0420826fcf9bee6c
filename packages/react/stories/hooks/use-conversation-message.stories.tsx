import { ChatMessage, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import source from '../../src/hooks/use-cascade-message.ts?raw';
import { StoryChat, showCode } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { MessageLine } from './examples/message-line';
import example from './examples/message-line.tsx?raw';

// The page's text is the hook's TSDoc.
const meta = {
  title: 'Hooks/useConversationMessage',
  component: MessageLine,
  tags: ['autodocs'],
  args: { id: '(each message)' },
  argTypes: { id: { control: false } },
  parameters: { docs: { description: { component: hookDocs(source, 'useConversationMessage') } } },
} satisfies Meta<typeof MessageLine>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A line above each message from its raw record: the question as asked, or a heading for the answer. */
export const AboveEachMessage: Story = {
  render: () => (
    <StoryChat>
      {(id) => (
        <ChatMessage id={id}>
          <MessageLine id={id} />
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    const question = within(canvasElement).getByRole('article', { name: 'You' });
    await expect(within(question).getByText('You asked: “How do retries work?”')).toBeVisible();
    await waitForStatus(answer, 'final');
    await expect(within(answer).getByText('The answer:')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
