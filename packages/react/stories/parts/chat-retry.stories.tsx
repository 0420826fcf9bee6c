import { ChatMessage, ChatRetry, ChatStatus, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { StoryChat, showCode, useSimulatedFetch } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

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
  render: function RetryStory(args) {
    const simulated = useSimulatedFetch();
    const fetch = useMemo(() => failingOnce(simulated), [simulated]);
    return (
      <StoryChat fetch={fetch}>
        {(id) => (
          <ChatMessage id={id}>
            <ChatStatus />
            <ChatText />
            <ChatRetry {...args} />
          </ChatMessage>
        )}
      </StoryChat>
    );
  },
  parameters: showCode(`
    <ChatRoot endpoint="/api/cascade">
      <ChatMessages>
        {(id) => (
          <ChatMessage id={id}>
            <ChatStatus />
            <ChatText />
            <ChatRetry />
          </ChatMessage>
        )}
      </ChatMessages>
      <ChatComposer />
    </ChatRoot>
  `),
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
