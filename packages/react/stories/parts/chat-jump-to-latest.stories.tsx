import { ChatJumpToLatest } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { chatCode, StoryChat } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatJumpToLatest',
  component: ChatJumpToLatest,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatJumpToLatest>;

export default meta;
type Story = StoryObj<typeof meta>;

const atBottom = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight < 2;

/** Scrolled up in a long conversation, "Jump to latest" shows; it scrolls down and follows the text again. */
export const WhenScrolledUp: Story = {
  render: (args) => (
    <StoryChat
      knobs={{ sentences: 8 }}
      style={{ height: 300 }}
      messages={{ jumpToLatest: <ChatJumpToLatest {...args} /> }}
    />
  ),
  parameters: chatCode({ messages: 'jumpToLatest={<ChatJumpToLatest />}' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log');
    await waitForStatus(await ask(canvasElement, 'How do retries work?'), 'final');
    await expect(canvas.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    log.scrollTop = 0;
    const jump = await canvas.findByRole('button', { name: 'Jump to latest' });
    await expect(atBottom(log)).toBe(false);
    await userEvent.click(jump);
    // Scrolling is no DOM change to observe: polled.
    await waitFor(() => expect(atBottom(log)).toBe(true));
    await expect(canvas.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    await expectNoA11yViolations(canvasElement);
  },
};
