import { ChatStop } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { chatCode, StoryChat } from '../story-chat';
import { answerText, ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatStop',
  component: ChatStop,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatStop>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Stop while the answer is still being written: what was written stays, marked "Stopped". */
export const WhileAnswering: Story = {
  render: (args) => <StoryChat knobs={{ draftTokensPerSecond: 6, sentences: 3 }} composer={<ChatStop {...args} />} />,
  parameters: chatCode({ composerChild: '<ChatStop />' }),
  play: async ({ canvasElement }) => {
    const stop = within(canvasElement).getByRole('button', { name: 'Stop' });
    await expect(stop).toBeDisabled();
    const answer = await ask(canvasElement, 'How do retries work?');
    await until(answer, () => answerText(answer).includes('You asked'));
    await expect(stop).toBeEnabled();
    await userEvent.click(stop);
    await waitForStatus(answer, 'stopped');
    await expect(within(answer).getByText('Stopped')).toBeVisible();
    await expect(answerText(answer)).toContain('You asked');
    await expect(stop).toBeDisabled();
    await expectNoA11yViolations(canvasElement);
  },
};
