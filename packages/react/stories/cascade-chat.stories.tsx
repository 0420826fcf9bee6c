import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  ARG_TYPES,
  answerText,
  ask,
  type ChatStoryArgs,
  DEFAULT_ARGS,
  expectNoA11yViolations,
  openDetails,
  SimulatedChat,
  waitForStatus,
} from './story-kit';

/**
 * `<CascadeChat>` in each answer state. Every story runs the real server handler in the page
 * (simulated models, no network): the knobs in the Controls panel change the models' timing and
 * failures. Each play function asks a question and checks what a user sees.
 */
const meta = {
  title: 'CascadeChat/States',
  component: SimulatedChat,
  args: DEFAULT_ARGS,
  argTypes: ARG_TYPES,
} satisfies Meta<ChatStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

const QUESTION = 'How do circuit breakers work?';
const statusOf = (answer: HTMLElement) => answer.querySelector('.ck-status');

/** The draft lane streams; the larger model has not answered yet. */
export const Drafting: Story = {
  args: { draftTokensPerSecond: 6, finalTtftMs: 5000, sentences: 3 },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitFor(() => expect(answerText(answer)).toContain('You asked'));
    await waitForStatus(answer, 'drafting');
    await expect(within(answer).getByText('Answering…')).toBeVisible();
    await expect(within(canvasElement).getByRole('button', { name: 'Stop' })).toBeEnabled();
    await expectNoA11yViolations(canvasElement);
  },
};

/** The draft is complete and shown; the final lane is still streaming behind it. */
export const Refining: Story = {
  args: { finalTtftMs: 300, finalTokensPerSecond: 4 },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'refining');
    await expect(within(answer).getByText('Improving…')).toBeVisible();
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'draft');
    await expect(answerText(answer)).toContain('You asked');
    await expectNoA11yViolations(canvasElement);
  },
};

/** The final lane's validated answer replaced the draft: "Final", marked upgraded. */
export const FinalUpgraded: Story = {
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitFor(() => expect(answerText(answer)).toContain('You asked'));
    const draft = answerText(answer);
    await waitForStatus(answer, 'final');
    await expect(within(answer).getByText('Improved')).toBeVisible();
    await expect(answer).toHaveAttribute('data-upgraded');
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'final');
    await expect(answerText(answer)).not.toBe(draft);
    // Model names live in the trace, not the status line.
    await expect(statusOf(answer)).not.toHaveTextContent('sim-large');
    await expect(await openDetails(answer)).toHaveTextContent('sim-large');
    await expectNoA11yViolations(canvasElement);
  },
};

/** The final model failed (HTTP 503): the draft stands, marked draft-only, with the reason. */
export const DraftOnly: Story = {
  args: { finalFailure: 'http-503' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'draft-only');
    await expect(within(answer).getByText('Quick answer — couldn’t improve')).toBeVisible();
    await expect(within(answer).getByText('The model’s service answered with an error.')).toBeVisible();
    await expect(answerText(answer)).toContain('You asked');
    await expect(answer).not.toHaveAttribute('data-upgraded');
    await expectNoA11yViolations(canvasElement);
  },
};

/** The final model answered, but its answer failed validation (JSON required): the draft stands. */
export const ValidationFailed: Story = {
  args: { finalValidation: 'fail' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'draft-only');
    await expect(within(answer).getByText('Quick answer — couldn’t improve')).toBeVisible();
    // Why, in plain words: never the JSON parser's own message.
    await expect(within(answer).getByText('The model’s answer did not pass the check.')).toBeVisible();
    await expect(statusOf(answer)).not.toHaveTextContent(/JSON|Unexpected token/);
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'draft');
  },
};

/** The first final model fails; the lane falls back to a second one, whose answer stands. */
export const FinalFallback: Story = {
  args: { finalFailure: 'http-503', finalFallback: true },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    await expect(await openDetails(answer)).toHaveTextContent('sim-large-b');
  },
};

/** The final model's circuit breaker is open: the turn skips it at once and the draft stands. */
export const BreakerOpen: Story = {
  args: { breakerOpen: true },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'draft-only');
    await expect(within(answer).getByText('The model is unavailable right now.')).toBeVisible();
    // The health poll names the model whose breaker is open.
    await expect(await within(canvasElement).findByText(/Unavailable right now: sim-large/)).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

/** Both lanes fail: a clear error with Retry; the question stays in the conversation. */
export const ErrorBothLanesFail: Story = {
  args: { draftFailure: 'http-503', finalFailure: 'http-503' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'error');
    await expect(within(answer).getByText('Couldn’t answer')).toBeVisible();
    await expect(within(answer).getByText(/^Neither model could answer\./)).toBeVisible();
    await expect(await within(answer).findByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(within(canvasElement).getByText(QUESTION, { exact: true })).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

/** The user stops while the draft streams: the partial text stays, marked stopped; the next turn works. */
export const Stopped: Story = {
  args: { draftTokensPerSecond: 6, sentences: 3 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const answer = await ask(canvasElement, QUESTION);
    await waitFor(() => expect(answerText(answer)).toContain('You asked'));
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await waitForStatus(answer, 'stopped');
    await expect(within(answer).getByText('Stopped')).toBeVisible();
    await expect(answerText(answer)).toContain('You asked');
    const next = await ask(canvasElement, 'And now?');
    await waitForStatus(next, 'final');
    await expect(answer).toHaveAttribute('data-status', 'stopped');
  },
};

/** The connection drops mid-stream (no `done`): the answer reads incomplete, never finished. */
export const Incomplete: Story = {
  args: { network: 'cut-mid-stream' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'incomplete');
    await expect(within(answer).getByText('Cut off', { exact: true })).toBeVisible();
    await expect(await within(answer).findByRole('button', { name: 'Retry' })).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

/** The endpoint is unreachable: an error with Retry, and the user's message is kept. */
export const Offline: Story = {
  args: { network: 'offline' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'error');
    await expect(await within(answer).findByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(within(canvasElement).getByText(QUESTION, { exact: true })).toBeVisible();
  },
};

/** The endpoint answers HTTP 500: an error with Retry. */
export const ServerError: Story = {
  args: { network: 'http-500' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'error');
    await expect(within(answer).getByText('Couldn’t answer')).toBeVisible();
    await expect(within(answer).getByText(/The server answered 500/)).toBeVisible();
  },
};
