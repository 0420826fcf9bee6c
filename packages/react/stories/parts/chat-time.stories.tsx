import { ChatTime } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatTime',
  component: ChatTime,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatTime>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Each message's time: when the question was sent, when the answer settled. */
export const OnEachMessage: Story = {
  ...inEachMessage(ChatTime, { name: 'ChatTime', layout: ['*', 'ChatText'] }),
  play: async ({ canvasElement }) => {
    const before = Date.now();
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    const times = [...canvasElement.querySelectorAll('time')];
    await expect(times).toHaveLength(2);
    for (const time of times) {
      const at = Date.parse(time.getAttribute('datetime') ?? '');
      await expect(at).toBeGreaterThanOrEqual(before - 1000);
      await expect(at).toBeLessThanOrEqual(Date.now());
      await expect(time.textContent).toBe(
        new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
      );
    }
    await expectNoA11yViolations(canvasElement);
  },
};
