import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import source from '../../src/hooks/use-auto-scroll.ts?raw';
import { showCode } from '../story-chat';
import { expectNoA11yViolations } from '../story-kit';
import { hookDocs } from '../tsdoc';
import { FollowingLog } from './examples/following-log';
import example from './examples/following-log.tsx?raw';

// The page's text is the hook's TSDoc.
const meta = {
  title: 'Hooks/useAutoScroll',
  component: FollowingLog,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: hookDocs(source, 'useAutoScroll', ['AutoScroll']) } } },
} satisfies Meta<typeof FollowingLog>;

export default meta;
type Story = StoryObj<typeof meta>;

const atBottom = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight < 2;

/** New lines keep the newest in view; scrolled up, the view stays where the reader is until asked back. */
export const FollowsUntilScrolledUp: Story = {
  parameters: showCode(example),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log', { name: 'Lines' });
    const add = canvas.getByRole('button', { name: 'Add a line' });
    for (let i = 0; i < 10; i++) await userEvent.click(add);
    await waitFor(() => expect(atBottom(log)).toBe(true));
    await expect(log.scrollHeight).toBeGreaterThan(log.clientHeight);
    await expect(atBottom(log)).toBe(true);
    await expect(canvas.getByText('Following the newest line')).toBeVisible();

    log.scrollTop = 0;
    await expect(await canvas.findByText('Scrolled up')).toBeVisible();
    await userEvent.click(add);
    await expect(canvas.getByText('Step 11 done')).toBeInTheDocument();
    // Two frames: the hook has seen the new line's size by then.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await expect(log.scrollTop).toBe(0);

    await userEvent.click(canvas.getByRole('button', { name: 'Back to the newest line' }));
    // Scrolling is no DOM change to observe: polled.
    await waitFor(() => expect(atBottom(log)).toBe(true));
    await expect(await canvas.findByText('Following the newest line')).toBeVisible();
    await expectNoA11yViolations(canvasElement);
  },
};
