import { ChatMessage, ChatStatus, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { StoryChat, showCode } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatStatus',
  component: ChatStatus,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Each answer's state in plain words: "Improving…" while the larger model works, then "Improved". */
export const InPlainWords: Story = {
  render: (args) => (
    <StoryChat knobs={{ finalTtftMs: 900 }}>
      {(id) => (
        <ChatMessage id={id}>
          <ChatStatus {...args} />
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(`
    <ChatRoot endpoint="/api/cascade">
      <ChatMessages>
        {(id) => (
          <ChatMessage id={id}>
            <ChatStatus />
            <ChatText />
          </ChatMessage>
        )}
      </ChatMessages>
      <ChatComposer />
    </ChatRoot>
  `),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'refining');
    await expect(within(answer).getByText('Improving…')).toBeVisible();
    await waitForStatus(answer, 'final');
    await expect(within(answer).getByText('Improved')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

/** The larger model failed: the quick answer stands, and the status says why, in plain words. */
export const WithTheReason: Story = {
  render: (args) => (
    <StoryChat knobs={{ finalFailure: 'http-503' }}>
      {(id) => (
        <ChatMessage id={id}>
          <ChatStatus {...args} />
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: InPlainWords.parameters,
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'draft-only');
    await expect(within(answer).getByText('Quick answer — couldn’t improve')).toBeVisible();
    await expect(within(answer).getByText('The model’s service answered with an error.')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

/** A status of the app's own design: `children` as a function of the status and its words. */
export const OwnBadge: Story = {
  args: {
    children: (status, { label }) => (
      <strong className="my-badge" data-tone={status === 'final' ? 'good' : 'busy'}>
        {label}
      </strong>
    ),
  },
  render: (args) => (
    <StoryChat>
      {(id) => (
        <ChatMessage id={id}>
          <ChatStatus {...args} />
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(`
    <ChatStatus>
      {(status, { label }) => (
        <strong className="my-badge" data-tone={status === 'final' ? 'good' : 'busy'}>
          {label}
        </strong>
      )}
    </ChatStatus>
  `),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do retries work?');
    await waitForStatus(answer, 'final');
    const badge = answer.querySelector('.ck-status strong.my-badge');
    await expect(badge).toHaveTextContent('Improved');
    await expect(badge).toHaveAttribute('data-tone', 'good');
  },
};
