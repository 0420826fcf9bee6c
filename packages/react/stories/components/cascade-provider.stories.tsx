import { CascadeProvider, ChatMessage, ChatStatus, ChatText, useCascadeChat } from '@cascadekit/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { showCode, useSimulatedFetch } from '../story-chat';
import { expectNoA11yViolations, waitForStatus } from '../story-kit';
import { until } from '../waits';

// No doc comment on `meta`: the docs page then shows the component's own TSDoc.
const meta = {
  title: 'Components/CascadeProvider',
  component: CascadeProvider,
  tags: ['autodocs'],
} satisfies Meta<typeof CascadeProvider>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The app's own question box: `useCascadeChat` under the provider sends into the provider's conversation. */
function AskBox() {
  const { send } = useCascadeChat();
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send(text).catch(() => {});
        setText('');
      }}
    >
      <input aria-label="Your question" value={text} onChange={(event) => setText(event.target.value)} />
      <button type="submit">Ask</button>
    </form>
  );
}

/** The app's own list: each message drawn with the kit's parts. */
function Answers() {
  const { ids } = useCascadeChat();
  return (
    <div>
      {ids.map((id) => (
        <ChatMessage key={id} id={id}>
          <ChatStatus />
          <ChatText />
        </ChatMessage>
      ))}
    </div>
  );
}

/** Hooks and parts in an app's own layout share one conversation through the provider (no `ChatRoot`). */
export const HooksAndPartsTogether: Story = {
  render: function ProviderStory(args) {
    const fetch = useSimulatedFetch();
    return (
      <CascadeProvider {...args} fetch={fetch}>
        <AskBox />
        <Answers />
      </CascadeProvider>
    );
  },
  parameters: showCode(`
    function AskBox() {
      const { send } = useCascadeChat();
      const [text, setText] = useState('');
      return (
        <form onSubmit={(event) => { event.preventDefault(); send(text); setText(''); }}>
          <input aria-label="Your question" value={text} onChange={(event) => setText(event.target.value)} />
          <button type="submit">Ask</button>
        </form>
      );
    }

    function Answers() {
      const { ids } = useCascadeChat();
      return ids.map((id) => (
        <ChatMessage key={id} id={id}>
          <ChatStatus />
          <ChatText />
        </ChatMessage>
      ));
    }

    <CascadeProvider endpoint="/api/cascade">
      <AskBox />
      <Answers />
    </CascadeProvider>
  `),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('textbox', { name: 'Your question' }), 'How do retries work?');
    await userEvent.click(canvas.getByRole('button', { name: 'Ask' }));
    await expect(canvas.getByRole('article', { name: 'You' })).toHaveTextContent('How do retries work?');
    await until(canvasElement, () => canvasElement.querySelector('[data-role="assistant"]') !== null);
    const answer = canvas.getByRole('article', { name: 'Assistant' });
    await waitForStatus(answer, 'final');
    await expect(within(answer).getByText('Improved')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
