import { ChatEdit } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatEdit',
  component: ChatEdit,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatEdit>;

export default meta;
type Story = StoryObj<typeof meta>;

const answers = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('[data-role="assistant"]')];

/** "Edit" on each question: saving sends the new text and answers it again; the turns after it go. */
export const OnEachQuestion: Story = {
  ...inEachMessage(ChatEdit, { name: 'ChatEdit' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitForStatus(await ask(canvasElement, 'How do retries work?'), 'final');
    await waitForStatus(await ask(canvasElement, 'And timeouts?'), 'final');
    const first = canvas.getAllByRole('article', { name: 'You' })[0] as HTMLElement;
    await userEvent.click(within(first).getByRole('button', { name: 'Edit' }));
    const box = await canvas.findByRole('textbox', { name: 'Edit message' });
    await expect(box).toHaveValue('How do retries work?');
    await userEvent.clear(box);
    await userEvent.type(box, 'How does backoff work?{Enter}');
    await expect(await canvas.findByText('How does backoff work?')).toBeVisible();
    // Truncated: the second question and its answer are gone; the edited one is answered again.
    await expect(canvas.queryByText('And timeouts?')).toBeNull();
    await expect(answers(canvasElement)).toHaveLength(1);
    await waitForStatus(answers(canvasElement)[0] as HTMLElement, 'final');
    await expectNoA11yViolations(canvasElement);
  },
};
