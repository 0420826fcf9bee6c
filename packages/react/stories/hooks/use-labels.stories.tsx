import { ChatMessage, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import source from '../../src/labels/labels.ts?raw';
import { StoryChat, showCode } from '../story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { Speaker } from './examples/speaker';
import example from './examples/speaker.tsx?raw';

// The page's text is the hook's TSDoc.
const meta = {
  title: 'Hooks/useLabels',
  component: Speaker,
  tags: ['autodocs'],
  args: { id: '(each message)' },
  argTypes: { id: { control: false } },
  parameters: { docs: { description: { component: hookDocs(source, 'useLabels') } } },
} satisfies Meta<typeof Speaker>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The root's `labels` name the speakers in German; the app's own `Speaker` uses the same words as the kit. */
export const OwnPartInTheKitsWords: Story = {
  render: () => (
    <StoryChat labels={{ chat: { you: 'Du', assistant: 'Assistent' } }}>
      {(id) => (
        <ChatMessage id={id}>
          <Speaker id={id} />
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const answer = await ask(canvasElement, 'How do retries work?');
    await expect(within(canvas.getByRole('article', { name: 'Du' })).getByText('Du')).toBeVisible();
    await waitForStatus(answer, 'final');
    await expect(answer).toHaveAccessibleName('Assistent');
    await expect(within(answer).getByText('Assistent')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
