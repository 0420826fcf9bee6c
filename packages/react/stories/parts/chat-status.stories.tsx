import { ChatStatus } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { showCode } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { inEachMessage } from './in-each-message';

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
  ...inEachMessage(ChatStatus, {
    name: 'ChatStatus',
    layout: ['*', 'ChatText'],
    chat: { knobs: { finalTtftMs: 900 } },
  }),
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
  ...inEachMessage(ChatStatus, {
    name: 'ChatStatus',
    layout: ['*', 'ChatText'],
    chat: { knobs: { finalFailure: 'http-503' } },
  }),
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
  render: inEachMessage(ChatStatus, { name: 'ChatStatus', layout: ['*', 'ChatText'] }).render,
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
