import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
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
 * `<CascadeChat>` per merge mode and reveal mode, in dark mode, in a narrow viewport and with a
 * very long answer. Same in-page server and knobs as the state stories.
 */
const meta = {
  title: 'CascadeChat/Views',
  component: SimulatedChat,
  args: DEFAULT_ARGS,
  argTypes: ARG_TYPES,
} satisfies Meta<ChatStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

const QUESTION = 'Should we cache the answers?';

/** `merge="append"`: the draft stays and the refined answer is shown beneath it. */
export const MergeAppend: Story = {
  args: { merge: 'append' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    const refinement = within(answer).getByRole('region', { name: 'Refined answer' });
    await expect(refinement).toBeVisible();
    await expect(answer.querySelector('.ck-draft')).toHaveTextContent('You asked');
    await expect(refinement).toHaveTextContent(/\S/);
    await expectNoA11yViolations(canvasElement);
  },
};

/** `merge="diff"`: the final text, rendered, with the sentences that differ from the draft kept marked. */
export const MergeDiff: Story = {
  args: { merge: 'diff' },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    await waitFor(() => expect(marked('ck-changed').length).toBeGreaterThan(0));
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-merge', 'replace');
    await expect(answer.querySelector('ins, del, mark')).toBeNull();
    await expectNoA11yViolations(canvasElement);
    // Still marked well after the swap (in replace mode the mark goes after three seconds).
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await expect(marked('ck-changed').length).toBeGreaterThan(0);
  },
};

/** `reveal="stream"`: the final lane takes over the view while it still streams, once it overtakes the draft. */
export const RevealStream: Story = {
  args: { reveal: 'stream', sentences: 1, finalTtftMs: 300, finalTokensPerSecond: 8 },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    const text = () => answer.querySelector('.ck-text');
    await until(answer, () => text()?.getAttribute('data-lane') === 'final');
    await expect(text()).toHaveAttribute('data-lane', 'final');
    // Shown while the answer is still being refined, not yet validated, and visibly live.
    await expect(answer).toHaveAttribute('data-status', 'refining');
    await expect(text()).toHaveAttribute('data-live');
    await expect(within(answer).getByText('Improving, live…')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
    await waitForStatus(answer, 'final');
    await expect(text()).toHaveAttribute('data-lane', 'final');
  },
};

/** The same answer on `reveal="on-validated"` (default): the draft stays in view until the final answer is validated. */
export const RevealOnValidated: Story = {
  args: { reveal: 'on-validated', sentences: 1, finalTtftMs: 300, finalTokensPerSecond: 8 },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'refining');
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'draft');
    await waitForStatus(answer, 'final');
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'final');
  },
};

/** `earlyAccept`: the draft passed validation, so the final lane is cancelled to save its cost. */
export const EarlyAccept: Story = {
  args: { earlyAccept: true, finalTtftMs: 3000 },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'accepted');
    // A success, in plain words; the cancelled final lane reads "not needed", not failed.
    await expect(within(answer).getByText('Quick answer — good enough')).toBeVisible();
    await expect(within(answer).getByText('It passed the check, so improving it was skipped.')).toBeVisible();
    const table = await openDetails(answer);
    await expect(within(table).getAllByRole('row')[2]).toHaveTextContent('not needed');
    await expect(answer.querySelector('.ck-text')).toHaveAttribute('data-lane', 'draft');
    await expect(answerText(answer)).toContain('You asked');
    await expectNoA11yViolations(canvasElement);
  },
};

/** Dark theme (`theme="dark"`), checked by axe for contrast. */
export const Dark: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.ck-root')).toHaveAttribute('data-theme', 'dark');
    const answer = await ask(canvasElement, QUESTION);
    await waitForStatus(answer, 'final');
    await expectNoA11yViolations(canvasElement);
  },
};

/** A phone-sized viewport (320 px): nothing scrolls sideways and the composer stays usable. */
export const Narrow: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  decorators: [
    (Story) => (
      <div style={{ width: 320 }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const answer = await ask(
      canvasElement,
      `${QUESTION} ${'Consider the longest words: internationalisation.'.repeat(3)}`,
    );
    await waitForStatus(answer, 'final');
    const root = canvasElement.querySelector<HTMLElement>('.ck-root');
    await expect(root).not.toBeNull();
    await expect(root?.scrollWidth).toBeLessThanOrEqual(root?.clientWidth ?? 0);
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeVisible();
    await expect(canvas.getByLabelText('Message')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

const LONG_SECTION = (n: number) =>
  [
    `## Part ${n}`,
    '',
    `Paragraph ${n}: streaming a long answer must stay smooth; each token re-renders only the text of this answer, and the markdown is parsed incrementally rather than from the start on every token.`,
    '',
    `- first point of part ${n}`,
    `- second point of part ${n}, with \`inline code\``,
    '',
    '```ts',
    `const part${n} = await cascade({ lane: 'final' });`,
    '```',
    '',
  ].join('\n');

/** A very long final answer (markdown: headings, lists, code) streamed fast. */
export const VeryLongAnswer: Story = {
  args: {
    finalText: Array.from({ length: 20 }, (_, i) => LONG_SECTION(i + 1)).join('\n'),
    finalTokensPerSecond: 1000,
  },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'Explain it in depth, please.');
    await waitForStatus(answer, 'final');
    await expect(answerText(answer)).toContain('Paragraph 20:');
    await expect(answer.querySelectorAll('li').length).toBe(40);
    await expect(answer.querySelectorAll('pre').length).toBe(20);
    // Markdown is rendered, never injected as raw HTML or shown as source.
    await expect(answerText(answer)).not.toContain('```');
    await expectNoA11yViolations(canvasElement);
  },
};

/** An answer with a GFM table and nested lists, as models often write them. */
export const TablesAndNestedLists: Story = {
  args: {
    finalText: [
      'Here is how the two lanes compare:',
      '',
      '| Lane | Model | First token |',
      '| :--- | :---- | ----------: |',
      '| draft | small | 150 ms |',
      '| final | large | 1,200 ms |',
      '',
      '1. Send the question',
      '   - the draft streams at once',
      '   - the final runs in parallel',
      '2. Swap when the final passes validation',
    ].join('\n'),
  },
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'Compare the lanes.');
    await waitForStatus(answer, 'final');
    // The answer's text, not the trace (which has a table of attempts of its own).
    const text = answer.querySelector<HTMLElement>('.ck-text');
    await expect(text).not.toBeNull();
    const table = within(text as HTMLElement).getByRole('table');
    await expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Lane', 'Model', 'First token']);
    await expect(within(table).getAllByRole('row')).toHaveLength(3);
    const steps = text?.querySelector('ol');
    await expect(steps?.children).toHaveLength(2);
    await expect(steps?.querySelectorAll(':scope > li:first-child > ul > li')).toHaveLength(2);
    await expectNoA11yViolations(canvasElement);
  },
};
