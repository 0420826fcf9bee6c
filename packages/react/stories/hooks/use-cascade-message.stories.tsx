import { ChatMessage, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import source from '../../src/hooks/use-cascade-message.ts?raw';
import { StoryChat, showCode } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { AnswerFacts } from './examples/answer-facts';
import example from './examples/answer-facts.tsx?raw';

// The page's text is the hook's TSDoc.
const meta = {
  title: 'Hooks/useCascadeMessage',
  component: AnswerFacts,
  tags: ['autodocs'],
  args: { id: '(each message)' },
  argTypes: { id: { control: false } },
  parameters: { docs: { description: { component: hookDocs(source, 'useCascadeMessage') } } },
} satisfies Meta<typeof AnswerFacts>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Under each answer: its status, its length in words and the model it stands on, each from a selector. */
export const AnswerFactsUnderEachAnswer: Story = {
  render: () => (
    <StoryChat>
      {(id) => (
        <ChatMessage id={id}>
          <ChatText />
          <AnswerFacts id={id} />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    await expect(answer.querySelector('.answer-facts')?.textContent).toMatch(/^final · \d+ words · sim-large$/);
    // A question has no answer to describe.
    await expect(canvasElement.querySelector('[data-role="user"] .answer-facts')).toBeNull();
    await expectNoA11yViolations(canvasElement);
  },
};
