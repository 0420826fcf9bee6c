import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import source from '../../src/hooks/use-cascade-chat.ts?raw';
import { showCode, useSimulatedFetch } from '../story-chat';
import { expectNoA11yViolations } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { until } from '../waits';
import { MiniChat } from './examples/mini-chat';
import example from './examples/mini-chat.tsx?raw';

// The page's text is the hook's TSDoc; its table lists the hook's options (the example's props).
const meta = {
  title: 'Hooks/useCascadeChat',
  component: MiniChat,
  tags: ['autodocs'],
  parameters: {
    docs: { description: { component: hookDocs(source, 'useCascadeChat', ['UseCascadeChatResult']) } },
  },
} satisfies Meta<typeof MiniChat>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A chat of the app's own markup: send, see the answer improve in place, start a new chat. */
export const OwnMarkup: Story = {
  render: function OwnMarkupStory(args) {
    const fetch = useSimulatedFetch();
    return <MiniChat {...args} fetch={fetch} />;
  },
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = canvas.getByRole('list', { name: 'Messages' });
    const stop = canvas.getByRole('button', { name: 'Stop' });
    await userEvent.type(canvas.getByRole('textbox', { name: 'Question' }), 'How do retries work?{Enter}');
    await expect(canvas.getByText('You: How do retries work?')).toBeVisible();
    await expect(stop).toBeEnabled();
    // The turn ends when the final answer stands.
    await until(canvasElement, () => stop.hasAttribute('disabled'));
    await expect(stop).toBeDisabled();
    await expect(within(list).getAllByRole('listitem')[1]).toHaveTextContent(/^Assistant: You asked/);
    await expectNoA11yViolations(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'New chat' }));
    await expect(within(list).queryAllByRole('listitem')).toHaveLength(0);
  },
};
