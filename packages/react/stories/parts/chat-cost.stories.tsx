import { ChatCost } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';
import { inEachMessage } from './in-each-message';

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
  ...inEachMessage(ChatCost, { name: 'ChatCost', chat: { knobs: { priced: true } } }),
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
