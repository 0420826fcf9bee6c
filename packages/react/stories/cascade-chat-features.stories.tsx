import {
  ChatComposer,
  ChatCopy,
  ChatMessage,
  ChatMessages,
  ChatRoot,
  ChatStatus,
  ChatStop,
  ChatText,
} from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { DEFAULT_KNOBS, simulatedFetch } from './simulated-backend';
import {
  ARG_TYPES,
  answerText,
  ask,
  type ChatStoryArgs,
  DEFAULT_ARGS,
  expectNoA11yViolations,
  marked,
  openDetails,
  SimulatedChat,
  waitForStatus,
} from './story-kit';
import { until } from './waits';

/**
 * What a chat user expects, on the real handler with simulated models: sending while an answer
 * still improves, a calm swap, the comparison, the trace's timeline, copy, edit, regenerate,
 * feedback, cost, highlighted code, and a chat composed from headless parts.
 */
const meta = {
  title: 'CascadeChat/Features',
  component: SimulatedChat,
  args: DEFAULT_ARGS,
  argTypes: ARG_TYPES,
} satisfies Meta<ChatStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

const QUESTION = 'How do retries work?';
const answers = (canvasElement: HTMLElement) => [
  ...canvasElement.querySelectorAll<HTMLElement>('[data-role="assistant"]'),
];

/** `whileRefining="keep"` (default): the next question goes while the first answer still improves, which then upgrades. */
export const SendWhileImproving: Story = {
  args: { finalTtftMs: 2500, finalTokensPerSecond: 40 },
  play: async ({ canvasElement }) => {
    const first = await ask(canvasElement, QUESTION);
    await waitForStatus(first, 'refining');
    const second = await ask(canvasElement, 'And backoff?');
    await expect(first).toHaveAttribute('data-status', 'refining');
    await expectNoA11yViolations(canvasElement);
    await waitForStatus(first, 'final');
    await waitForStatus(second, 'final');
    await expect(within(first).getByText('Improved')).toBeVisible();
  },
};

/** `whileRefining="accept-draft"`: sending keeps the first draft as the answer and cancels its refinement. */
export const SendAcceptsDraft: Story = {
  args: { whileRefining: 'accept-draft', finalTtftMs: 3000 },
  play: async ({ canvasElement }) => {
    const first = await ask(canvasElement, QUESTION);
    await waitForStatus(first, 'refining');
    const second = await ask(canvasElement, 'And backoff?');
    await waitForStatus(first, 'accepted');
    await expect(within(first).getByText('Quick answer', { exact: true })).toBeVisible();
    await waitForStatus(second, 'final');
    await expectNoA11yViolations(canvasElement);
  },
};

/** While the answer above has nothing readable yet, Send says why and keeps the text. */
export const SendWaitsForADraft: Story = {
  args: { draftTtftMs: 1500, draftTokensPerSecond: 10 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await ask(canvasElement, QUESTION);
    await userEvent.type(canvas.getByLabelText('Message'), 'Too early{Enter}');
    await expect(await canvas.findByText(/Send works as soon as the answer above is readable/)).toBeVisible();
    await expect(canvas.getByLabelText('Message')).toHaveValue('Too early');
    await expectNoA11yViolations(canvasElement);
  },
};

/** The swap marks the sentences that changed for a moment; "Show changes" compares both, rendered. */
export const SwapAndShowChanges: Story = {
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitFor(() => expect(answerText(answer)).toContain('You asked'));
    await waitForStatus(answer, 'final');
    await waitFor(() => expect(marked('ck-changed').length).toBeGreaterThan(0));
    await waitFor(() => expect(marked('ck-changed').length).toBe(0));
    await userEvent.click(await within(answer).findByRole('button', { name: 'Show changes' }));
    const changes = await within(answer).findByRole('region', { name: /Changes between/ });
    await expect(within(changes).getByText('Quick answer')).toBeVisible();
    await expect(within(changes).getByText('Improved answer')).toBeVisible();
    await waitFor(() => expect(marked('ck-removed').length).toBeGreaterThan(0));
    await expectNoA11yViolations(canvasElement);
  },
};

/** The trace as a picture: lanes as rows, attempts as bars, a failed attempt with its reason, the swap. */
export const TraceTimeline: Story = {
  args: { finalFailure: 'http-503', finalFallback: true },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    const table = await openDetails(answer);
    const picture = answer.querySelector('.ck-timeline svg');
    await expect(picture).toHaveAttribute('aria-hidden', 'true');
    await expect(picture?.querySelectorAll('rect').length).toBe(3);
    await expect(picture?.querySelector('[data-outcome="failed"] text')).toHaveTextContent('http-status');
    await expect(table).toHaveTextContent('The model’s service answered with an error.');
    await expectNoA11yViolations(canvasElement);
  },
};

/** Cost in plain view: what the turn cost and what it saved against the large model alone. */
export const CostAndSaving: Story = {
  args: { priced: true },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    const cost = await waitFor(() => {
      const line = answer.querySelector('.ck-cost');
      expect(line).not.toBeNull();
      return line as HTMLElement;
    });
    await expect(cost.textContent).toMatch(
      /^Cost \$[\d.]+ · (saved \$[\d.]+ \(\d+%\) against|\$[\d.]+ \(\d+%\) more than) the large model alone$/,
    );
    await expectNoA11yViolations(canvasElement);
  },
};

/** Copy, edit (truncates: the answers after it go) and regenerate; feedback reported through `onFeedback`. */
export const CopyEditRegenerateFeedback: Story = {
  args: { onFeedback: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    await userEvent.click(await within(answer).findByRole('button', { name: 'Good answer' }));
    await expect(args.onFeedback).toHaveBeenCalledWith(expect.objectContaining({ rating: 'up' }));
    await userEvent.click(within(answer).getByRole('button', { name: 'Regenerate' }));
    await waitForStatus(answers(canvasElement)[0] as HTMLElement, 'final');
    const question = canvas.getAllByRole('article', { name: 'You' })[0] as HTMLElement;
    await userEvent.click(within(question).getByRole('button', { name: 'Edit' }));
    const box = await canvas.findByRole('textbox', { name: 'Edit message' });
    await userEvent.clear(box);
    await userEvent.type(box, 'How does backoff work?{Enter}');
    await expect(await canvas.findByText('How does backoff work?')).toBeVisible();
    await waitFor(() => expect(answers(canvasElement)).toHaveLength(1));
    await waitForStatus(answers(canvasElement)[0] as HTMLElement, 'final');
    await expectNoA11yViolations(canvasElement);
  },
};

/** A code block in an answer: highlighted once closed, with "Copy code"; checked by axe in both themes. */
export const HighlightedCode: Story = {
  args: {
    finalText: [
      'Retry with a cap:',
      '',
      '```ts',
      '// back off, then try again',
      'export async function retry(run: () => Promise<Response>, tries = 3): Promise<Response> {',
      '  for (let i = 0; i < tries; i++) {',
      "    const res = await run(); if (res.ok) return res; await sleep(2 ** i * 100); // 'ms'",
      '  }',
      "  throw new Error('gave up');",
      '}',
      '```',
    ].join('\n'),
  },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    await until(answer, () => answer.querySelector('pre[data-highlighted]') !== null);
    await expect(answer.querySelector('pre[data-highlighted]')).not.toBeNull();
    await expect(within(answer).getByRole('button', { name: 'Copy code' })).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

/** The same code in the dark theme (token colours are CSS variables with their own dark values). */
export const HighlightedCodeDark: Story = { ...HighlightedCode, args: { ...HighlightedCode.args, theme: 'dark' } };

/** A chat composed from hooks and a few headless parts, styled by the app (`asChild`), with the kit's CSS. */
export const Headless: Story = {
  render: function HeadlessChat() {
    const fetch = useMemo(() => simulatedFetch(DEFAULT_KNOBS), []);
    return (
      <ChatRoot fetch={fetch} style={{ height: 420 }} labels={{ chat: { send: 'Ask' } }}>
        <ChatMessages>
          {(id) => (
            <ChatMessage id={id} asChild>
              <section className="ck-message">
                <ChatStatus asChild>
                  <small />
                </ChatStatus>
                <ChatText />
                <ChatCopy />
              </section>
            </ChatMessage>
          )}
        </ChatMessages>
        <ChatComposer>
          <ChatStop />
        </ChatComposer>
      </ChatRoot>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText('Message'), `${QUESTION}{Enter}`);
    const answer = await waitFor(() => {
      const found = canvasElement.querySelector<HTMLElement>('section[data-role="assistant"]');
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    await waitForStatus(answer, 'final');
    await expect(answer.querySelector('small.ck-status')).toHaveTextContent('Improved');
    await expect(canvas.getByRole('button', { name: 'Ask' })).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
