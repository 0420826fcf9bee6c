import { ChatCost, ChatMessage, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { StoryChat, showCode } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatCost',
  component: ChatCost,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatCost>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The models have prices (the server's `price` per model): each answer says what it cost and what it saved. */
export const WithPrices: Story = {
  render: (args) => (
    <StoryChat knobs={{ priced: true }}>
      {(id) => (
        <ChatMessage id={id}>
          <ChatText />
          <ChatCost {...args} />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(`
    <ChatRoot endpoint="/api/cascade">
      <ChatMessages>
        {(id) => (
          <ChatMessage id={id}>
            <ChatText />
            <ChatCost />
          </ChatMessage>
        )}
      </ChatMessages>
      <ChatComposer />
    </ChatRoot>
  `),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    await until(answer, () => answer.querySelector('.ck-cost') !== null);
    await expect(answer.querySelector('.ck-cost')?.textContent).toMatch(
      /^Cost \$[\d.]+ · (saved \$[\d.]+ \(\d+%\) against|\$[\d.]+ \(\d+%\) more than) the large model alone$/,
    );
    await expectNoA11yViolations(canvasElement);
  },
};
