import { ChatFeedback } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatFeedback',
  component: ChatFeedback,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatFeedback>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Reported through the root's `onFeedback` (the Actions panel shows each call). */
const onFeedback = fn().mockName('onFeedback');

/** Rating an answer: the pressed button stays pressed; pressing it again takes the rating back. */
export const RateAnAnswer: Story = {
  ...inEachMessage(ChatFeedback, {
    name: 'ChatFeedback',
    chat: { onFeedback },
    rootCode: 'onFeedback={({ rating, message }) => track(message.id, rating)}',
  }),
  play: async ({ canvasElement }) => {
    onFeedback.mockClear();
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    const good = await within(answer).findByRole('button', { name: 'Good answer' });
    await userEvent.click(good);
    await expect(good).toHaveAttribute('aria-pressed', 'true');
    await expect(onFeedback).toHaveBeenLastCalledWith(expect.objectContaining({ rating: 'up' }));
    await userEvent.click(good);
    await expect(good).toHaveAttribute('aria-pressed', 'false');
    await expect(onFeedback).toHaveBeenLastCalledWith(expect.objectContaining({ rating: null }));
    await expectNoA11yViolations(canvasElement);
  },
};
