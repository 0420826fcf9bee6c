import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import source from '../../src/hooks/use-cascade.ts?raw';
import { showCode, useSimulatedFetch } from '../story-chat';
import { expectNoA11yViolations } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { until } from '../waits';
import { OnePrompt } from './examples/one-prompt';
import example from './examples/one-prompt.tsx?raw';
import { OwnQueryClient } from './query-client';

// The page's text is the hook's TSDoc; its table lists the hook's options (the example's props).
const meta = {
  title: 'Hooks/useCascade',
  component: OnePrompt,
  tags: ['autodocs'],
  decorators: [(Story) => <OwnQueryClient>{Story()}</OwnQueryClient>],
  parameters: { docs: { description: { component: hookDocs(source, 'useCascade', ['UseCascadeResult']) } } },
} satisfies Meta<typeof OnePrompt>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Ask, see the draft then the final answer; reset and ask again: the final answer comes from the cache. */
export const AskTwice: Story = {
  render: function AskTwiceStory(args) {
    const fetch = useSimulatedFetch();
    return <OnePrompt {...args} fetch={fetch} />;
  },
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const status = canvasElement.querySelector('output') as HTMLElement;
    await expect(status).toHaveTextContent('idle');
    await userEvent.click(canvas.getByRole('button', { name: 'Ask how retries work' }));
    await until(status, () => status.textContent === 'final');
    await expect(status).toHaveTextContent('final');
    await expect(canvas.getByText(/^You asked/)).toBeVisible();
    await expect(canvas.queryByText(/from the cache/)).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Reset' }));
    await expect(status).toHaveTextContent('idle');
    await userEvent.click(canvas.getByRole('button', { name: 'Ask how retries work' }));
    await expect(status).toHaveTextContent('final');
    await expect(canvas.getByText(/from the cache/)).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
