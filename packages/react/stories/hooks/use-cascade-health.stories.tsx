import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import source from '../../src/query/use-cascade-health.ts?raw';
import { showCode, useSimulatedFetch } from '../story-chat';
import { expectNoA11yViolations } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { ModelStates } from './examples/model-states';
import example from './examples/model-states.tsx?raw';
import { OwnQueryClient } from './query-client';

// The page's text is the hook's TSDoc; its table lists the hook's options (the example's props).
const meta = {
  title: 'Hooks/useCascadeHealth',
  component: ModelStates,
  tags: ['autodocs'],
  decorators: [(Story) => <OwnQueryClient>{Story()}</OwnQueryClient>],
  parameters: {
    docs: {
      description: { component: hookDocs(source, 'useCascadeHealth', ['UseCascadeHealthResult', 'ModelHealth']) },
    },
  },
} satisfies Meta<typeof ModelStates>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The larger model's breaker is open: the list says so, and names the model the server skips for now. */
export const BreakerOpen: Story = {
  args: { url: '/api/health', interval: 2000 },
  render: function BreakerOpenStory(args) {
    const fetch = useSimulatedFetch({ breakerOpen: true });
    return <ModelStates {...args} fetch={fetch} />;
  },
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('sim-large: open')).toBeVisible();
    await expect(canvas.getByText('sim-fast: closed')).toBeVisible();
    await expect(canvas.getByText('Skipped for now: sim-large')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
