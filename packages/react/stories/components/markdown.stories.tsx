import { Markdown } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { expectNoA11yViolations } from '../story-kit';
import { until } from '../waits';

// No doc comment on `meta`: the docs page then shows the component's own TSDoc.
const meta = {
  title: 'Components/Markdown',
  component: Markdown,
  tags: ['autodocs'],
  // The kit's styles apply inside its root; a root of the text's own height.
  decorators: [
    (Story) => (
      <div className="ck-root ck-text" style={{ height: 'auto' }}>
        {Story()}
      </div>
    ),
  ],
} satisfies Meta<typeof Markdown>;

export default meta;
type Story = StoryObj<typeof meta>;

/** What answers are rendered with: headings, lists, a table, code (highlighted once its block is closed), links. */
export const AnAnswer: Story = {
  args: {
    text: [
      '## Retries',
      '',
      'Retry a failed request with **backoff**:',
      '',
      '1. wait `2^n × 100 ms`,',
      '2. give up after three tries.',
      '',
      '| Try | Wait |',
      '| --- | ---: |',
      '| 1 | 100 ms |',
      '| 2 | 200 ms |',
      '',
      '```ts',
      'await retry(() => fetch(url), 3);',
      '```',
      '',
      'See [the protocol](https://example.com/protocol). <script>alert(1)</script>',
    ].join('\n'),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // A heading in an answer is styled as one, but is no heading of the page's outline.
    await expect(canvas.getByText('Retries').closest('p')).toHaveClass('ck-md-heading');
    await expect(canvas.getAllByRole('listitem')).toHaveLength(2);
    await expect(canvas.getByRole('table')).toBeVisible();
    await expect(canvas.getAllByRole('row')).toHaveLength(3);
    await expect(canvas.getByRole('link', { name: 'the protocol' })).toHaveAttribute(
      'href',
      'https://example.com/protocol',
    );
    // Raw HTML is text, never markup.
    await expect(canvasElement.querySelector('script')).toBeNull();
    await expect(canvas.getByText(/<script>alert\(1\)<\/script>/)).toBeVisible();
    await until(canvasElement, () => canvasElement.querySelector('pre[data-highlighted]') !== null);
    await expect(canvasElement.querySelector('pre[data-highlighted]')).toHaveTextContent(
      'await retry(() => fetch(url), 3);',
    );
    await expectNoA11yViolations(canvasElement);
  },
};
