import { ChatRetry } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatRetry',
  component: ChatRetry,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatRetry>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The network is down for the first request only (the second goes through). */
function failingOnce(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  let calls = 0;
  return (input, init) => (calls++ === 0 ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init));
}

/** The first request fails: the answer says why and offers "Retry", which answers the same question in place. */
export const AfterAFailure: Story = {
  ...inEachMessage(ChatRetry, {
    name: 'ChatRetry',
    layout: ['ChatStatus', 'ChatText', '*'],
    chat: { wrapFetch: failingOnce },
  }),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'error');
    await expect(within(answer).getByText('Couldn’t answer')).toBeVisible();
    await userEvent.click(await within(answer).findByRole('button', { name: 'Retry' }));
    await waitForStatus(answer, 'final');
    await expect(within(answer).queryByRole('button', { name: 'Retry' })).toBeNull();
    await expect(canvasElement.querySelectorAll('[data-role="assistant"]')).toHaveLength(1);
    await expectNoA11yViolations(canvasElement);
  },
};
