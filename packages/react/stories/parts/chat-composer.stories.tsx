import { ChatComposer, ChatMessage, ChatMessages, ChatRoot, ChatText } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { StoryChat, showCode, useSimulatedFetch } from '../story-chat';
import { expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';

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
  render: () => (
    <StoryChat>
      {(id) => (
        <ChatMessage id={id}>
          <ChatText />
        </ChatMessage>
      )}
    </StoryChat>
  ),
  parameters: showCode(`
    <ChatRoot endpoint="/api/cascade">
      <ChatMessages />
      <ChatComposer placeholder="Ask anything">
        <ChatStop />
      </ChatComposer>
    </ChatRoot>
  `),
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
  render: function OwnComposer() {
    const fetch = useSimulatedFetch();
    return (
      <ChatRoot fetch={fetch} style={{ height: 380 }}>
        <ChatMessages />
        <ChatComposer
          render={({ text, setText, submit, canSend }) => (
            <>
              <input aria-label="Question" value={text} onChange={(event) => setText(event.target.value)} />
              <button type="button" onClick={submit} disabled={!canSend || text.trim() === ''}>
                Ask
              </button>
            </>
          )}
        />
      </ChatRoot>
    );
  },
  parameters: showCode(`
    <ChatComposer
      render={({ text, setText, submit, canSend }) => (
        <>
          <input aria-label="Question" value={text} onChange={(event) => setText(event.target.value)} />
          <button type="button" onClick={submit} disabled={!canSend || text.trim() === ''}>
            Ask
          </button>
        </>
      )}
    />
  `),
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
