import { ChatRoot } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { chatCode, StoryChat } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatRoot',
  component: ChatRoot,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatRoot>;

export default meta;
type Story = StoryObj<typeof meta>;

const LABELS = { chat: { placeholder: 'Ask the cascade…', empty: 'Nothing asked yet.' } };

/**
 * The root in the dark theme with two of its labels reworded. It holds the live region: each
 * answer is announced once, when it settles.
 */
export const DarkWithLabels: Story = {
  args: { theme: 'dark', labels: LABELS },
  render: ({ children: _, ...args }) => <StoryChat {...args} />,
  parameters: chatCode({
    root: `theme="dark" labels={{ chat: { placeholder: 'Ask the cascade…', empty: 'Nothing asked yet.' } }}`,
  }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('.ck-root')).toHaveAttribute('data-theme', 'dark');
    await expect(canvas.getByText('Nothing asked yet.')).toBeVisible();
    await expect(canvas.getByLabelText('Message')).toHaveAttribute('placeholder', 'Ask the cascade…');
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    await expect(canvas.getByRole('status')).toHaveTextContent('Improved answer ready.');
    await expectNoA11yViolations(canvasElement);
  },
};
