import { CascadeChat, type CascadeChatProps } from '@cascadekit/react';
import { Controls, Description, Primary, Stories, Title } from '@storybook/addon-docs/blocks';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import source from '../src/chat/cascade-chat.tsx?raw';
import { showCode, useSimulatedFetch } from './story-chat';
import { ask, expectNoA11yViolations, waitForStatus } from './story-kit';
import { tsdocOf } from './tsdoc';

/** `<CascadeChat>` on the simulated backend (the real handler in the page), at a chat's usual height. */
function SimulatedCascadeChat(props: CascadeChatProps) {
  const fetch = useSimulatedFetch();
  return <CascadeChat style={{ height: 460 }} {...props} fetch={fetch} />;
}

// The page's text is the component's TSDoc; the table lists its props.
const meta = {
  title: 'CascadeChat/Overview',
  component: CascadeChat,
  tags: ['autodocs'],
  args: { placeholder: 'Ask anything' },
  render: (args) => <SimulatedCascadeChat {...args} />,
  parameters: {
    docs: {
      description: {
        component: `${tsdocOf(source, 'function CascadeChatComponent')}\n\n${tsdocOf(source, 'export const CascadeChat')}`,
      },
      // The page is named after the component, not after this file's place in the sidebar.
      page: () => (
        <>
          <Title>{'<CascadeChat>'}</Title>
          <Description />
          <Primary />
          <Controls />
          <Stories />
        </>
      ),
    },
  },
} satisfies Meta<typeof CascadeChat>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Ask a question: the quick answer shows at once, the improved one replaces it, with its actions and details. */
export const Default: Story = {
  parameters: showCode(`
    import { CascadeChat } from '@cascadekit/react';
    import '@cascadekit/react/styles.css';

    <CascadeChat endpoint="/api/cascade" placeholder="Ask anything" />
  `),
  play: async ({ canvasElement }) => {
    const answer = await ask(canvasElement, 'How do circuit breakers work?');
    await waitForStatus(answer, 'final');
    await expect(within(answer).getByText('Improved')).toBeVisible();
    await expect(await within(answer).findByRole('button', { name: 'Copy' })).toBeVisible();
    await expect(within(answer).getByRole('button', { name: 'Regenerate' })).toBeVisible();
    await expect(within(answer).getByRole('button', { name: 'Show changes' })).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};

const KEY = 'cascadekit-stories:overview';

/**
 * With `persist`, the conversation is saved (localStorage here) and comes back when the chat is
 * created again. "Reload the chat" mounts a new one, as a reload would; the e2e tests reload the
 * demo for real, including an answer cut off by the reload (it comes back interrupted, with Retry).
 */
export const RemembersTheConversation: Story = {
  args: { persist: { key: KEY } },
  render: function RemountedChat(args) {
    const [mount, setMount] = useState(0);
    return (
      <>
        <button type="button" onClick={() => setMount(mount + 1)} style={{ marginBottom: 8 }}>
          Reload the chat
        </button>
        <SimulatedCascadeChat key={mount} {...args} />
      </>
    );
  },
  // Every run starts with nothing saved.
  beforeEach: () => localStorage.removeItem(KEY),
  parameters: showCode(`
    <CascadeChat endpoint="/api/cascade" persist />
    // or: persist={{ storage: 'indexeddb', key: 'support-chat' }}
  `),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const question = 'Will you remember this?';
    await waitForStatus(await ask(canvasElement, question), 'final');
    await userEvent.click(canvas.getByRole('button', { name: 'Reload the chat' }));
    const back = await canvas.findByText(question, { exact: true });
    await expect(back).toBeVisible();
    const answer = canvasElement.querySelector<HTMLElement>('[data-role="assistant"]') as HTMLElement;
    await expect(answer).toHaveAttribute('data-status', 'final');
    await expect(within(answer).getByText('Improved')).toBeVisible();
    await waitForStatus(await ask(canvasElement, 'And what did I ask?'), 'final');
    await expect(canvasElement.querySelectorAll('[data-role="assistant"]')).toHaveLength(2);
    await expectNoA11yViolations(canvasElement);
  },
};
