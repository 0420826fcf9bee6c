import { ChatTrace } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ask, expectNoA11yViolations, openDetails, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatTrace',
  component: ChatTrace,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatTrace>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The larger model fails and its fallback answers: "Details" shows every attempt, as a picture and as a table. */
export const WithAFallback: Story = {
  ...inEachMessage(ChatTrace, {
    name: 'ChatTrace',
    chat: { knobs: { finalFailure: 'http-503', finalFallback: true }, style: { height: 520 } },
  }),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    const attempts = await openDetails(answer);
    await expect(attempts).toHaveTextContent('sim-fast');
    await expect(attempts).toHaveTextContent('sim-large-b');
    await expect(attempts).toHaveTextContent('The model’s service answered with an error.');
    await expect(answer.querySelectorAll('.ck-timeline svg rect')).toHaveLength(3);
    await expectNoA11yViolations(canvasElement);
  },
};
