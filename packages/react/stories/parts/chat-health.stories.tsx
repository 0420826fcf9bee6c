import { ChatHealth } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { chatCode, StoryChat, useSimulatedFetch } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatHealth',
  component: ChatHealth,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatHealth>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The larger model's circuit breaker is open: the notice names it, and answers stand on the quick model. */
export const BreakerOpen: Story = {
  args: { url: '/api/health', interval: 2000 },
  render: function HealthStory(args) {
    // The notice reads the same (in-page) server as the chat, whose breaker is open.
    const fetch = useSimulatedFetch({ breakerOpen: true });
    return <StoryChat fetch={fetch} header={<ChatHealth fetch={fetch} {...args} />} />;
  },
  parameters: chatCode({ header: '<ChatHealth url="/api/health" interval={2000} />' }),
  play: async ({ canvasElement }) => {
    const notice = await within(canvasElement).findByText(/^Unavailable right now: sim-large\./);
    await expect(notice).toBeVisible();
    const answer = await ask(canvasElement, 'How do breakers work?');
    await waitForStatus(answer, 'draft-only');
    await expectNoA11yViolations(canvasElement);
  },
};
