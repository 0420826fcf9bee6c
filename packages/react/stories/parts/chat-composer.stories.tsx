import { ChatComposer, ChatMessages, ChatRoot } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { chatCode, StoryChat, showCode, useSimulatedFetch } from '../story-chat';
import { expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';
import { OwnComposer } from './examples/own-composer';
import ownComposer from './examples/own-composer.tsx?raw';

// No doc comment on `meta`: the docs page then shows the part's own TSDoc.
const meta = {
  title: 'Parts/ChatComposer',
  component: ChatComposer,
  tags: ['autodocs'],
} satisfies Meta<typeof ChatComposer>;

export default meta;
type Story = StoryObj<typeof meta>;

const assistant = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-role="assistant"]');

/** Enter sends, Shift+Enter starts a new line, and the box grows with its text. */
export const LinesAndSending: Story = {
  args: { placeholder: 'Ask anything' },
  render: (args) => <StoryChat composerProps={args} />,
  parameters: chatCode({ composer: 'placeholder="Ask anything"', composerChild: '<ChatStop />' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const box = canvas.getByRole('textbox', { name: 'Message' });
    const oneLine = box.getBoundingClientRect().height;
    await userEvent.type(box, 'First line{Shift>}{Enter}{/Shift}second line{Shift>}{Enter}{/Shift}third line');
    await expect(box).toHaveValue('First line\nsecond line\nthird line');
    await expect(box.getBoundingClientRect().height).toBeGreaterThan(oneLine);
    await userEvent.keyboard('{Enter}');
    await expect(box).toHaveValue('');
    await until(canvasElement, () => assistant(canvasElement) !== null);
    await waitForStatus(assistant(canvasElement) as HTMLElement, 'final');
    await expect(canvas.getByRole('article', { name: 'You' })).toHaveTextContent('First line second line third line');
    await expectNoA11yViolations(canvasElement);
  },
};

/** A composer of the app's own design: `render` builds it from the composer's state. */
export const OwnDesign: Story = {
  render: function OwnDesignStory() {
    const fetch = useSimulatedFetch();
    return (
      <ChatRoot fetch={fetch} style={{ height: 380 }}>
        <ChatMessages />
        <OwnComposer />
      </ChatRoot>
    );
  },
  parameters: showCode(ownComposer),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('textbox', { name: 'Question' }), 'How do retries work?');
    await userEvent.click(canvas.getByRole('button', { name: 'Ask' }));
    await expect(canvas.getByRole('textbox', { name: 'Question' })).toHaveValue('');
    await until(canvasElement, () => assistant(canvasElement) !== null);
    await waitForStatus(assistant(canvasElement) as HTMLElement, 'final');
    await expectNoA11yViolations(canvasElement);
  },
};
