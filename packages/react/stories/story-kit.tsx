import type { AnswerStatus } from '@cascadekit/core';
import {
  CascadeChat,
  type FeedbackEvent,
  type MergeMode,
  type RevealMode,
  type WhileRefining,
} from '@cascadekit/react';
import type { ArgTypes } from '@storybook/react-vite';
import axe from 'axe-core';
import { useMemo } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DEFAULT_KNOBS, type SimulatorKnobs, simulatedFetch } from './simulated-backend';
import { until, WAIT_MS } from './waits';

/** Args of the `<CascadeChat>` stories: the simulator's knobs plus the component's view props. */
export interface ChatStoryArgs extends SimulatorKnobs {
  merge: Exclude<MergeMode, (...args: never[]) => unknown>;
  reveal: RevealMode;
  theme: 'auto' | 'light' | 'dark';
  /** Accept a draft that passes validation and cancel the final lane. */
  earlyAccept: boolean;
  /** What sending does while an earlier answer refines. */
  whileRefining: WhileRefining;
  placeholder: string;
  /** Called when an answer is rated; feedback buttons show only when given. */
  onFeedback?: (event: FeedbackEvent) => void;
}

export const DEFAULT_ARGS: ChatStoryArgs = {
  ...DEFAULT_KNOBS,
  merge: 'replace',
  reveal: 'on-validated',
  theme: 'light',
  earlyAccept: false,
  whileRefining: 'keep',
  placeholder: 'Ask anything',
};

const failures = ['none', 'http-503', 'network', 'cut', 'stall', 'in-band-error'];
const ms = { control: { type: 'range', min: 0, max: 5000, step: 50 } } as const;
const rate = { control: { type: 'range', min: 1, max: 400, step: 1 } } as const;

/** Controls for every knob, grouped as Storybook shows them. */
export const ARG_TYPES: Partial<ArgTypes<ChatStoryArgs>> = {
  draftTtftMs: { ...ms, name: 'draft: time to first token (ms)', table: { category: 'Simulator' } },
  finalTtftMs: { ...ms, name: 'final: time to first token (ms)', table: { category: 'Simulator' } },
  draftTokensPerSecond: { ...rate, name: 'draft: tokens per second', table: { category: 'Simulator' } },
  finalTokensPerSecond: { ...rate, name: 'final: tokens per second', table: { category: 'Simulator' } },
  draftFailure: { control: 'select', options: failures, table: { category: 'Simulator' } },
  finalFailure: { control: 'select', options: failures, table: { category: 'Simulator' } },
  finalValidation: { control: 'inline-radio', options: ['pass', 'fail'], table: { category: 'Simulator' } },
  finalFallback: { control: 'boolean', table: { category: 'Simulator' } },
  breakerOpen: { control: 'boolean', table: { category: 'Simulator' } },
  sentences: { control: { type: 'range', min: 1, max: 20 }, table: { category: 'Simulator' } },
  finalText: { control: 'text', table: { category: 'Simulator' } },
  network: {
    control: 'select',
    options: ['ok', 'cut-mid-stream', 'http-500', 'offline'],
    table: { category: 'Network' },
  },
  merge: { control: 'inline-radio', options: ['replace', 'append', 'diff'], table: { category: 'View' } },
  reveal: { control: 'inline-radio', options: ['on-validated', 'stream'], table: { category: 'View' } },
  theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'], table: { category: 'View' } },
  earlyAccept: { control: 'boolean', table: { category: 'View' } },
  whileRefining: { control: 'inline-radio', options: ['keep', 'accept-draft', 'stop'], table: { category: 'View' } },
  priced: { control: 'boolean', table: { category: 'Simulator' } },
};

/**
 * `<CascadeChat>` wired to the real server handler running in the page with simulated models.
 * Any knob change builds a new backend and remounts the chat: a fresh conversation.
 */
export function SimulatedChat({
  merge,
  reveal,
  theme,
  earlyAccept,
  whileRefining,
  placeholder,
  onFeedback,
  ...knobs
}: ChatStoryArgs) {
  // The knobs' value, not the object's identity, decides when a new backend is needed.
  const key = JSON.stringify(knobs);
  const fetch = useMemo(() => simulatedFetch(JSON.parse(key) as SimulatorKnobs), [key]);
  return (
    <CascadeChat
      key={key}
      fetch={fetch}
      merge={merge}
      reveal={reveal}
      theme={theme}
      earlyAccept={earlyAccept}
      whileRefining={whileRefining}
      placeholder={placeholder}
      {...(onFeedback ? { onFeedback } : {})}
      style={{ height: 460 }}
    />
  );
}

/** Types a question, sends it and returns the new answer's element. */
export async function ask(canvasElement: HTMLElement, question: string): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  const answers = () => canvasElement.querySelectorAll<HTMLElement>('[data-role="assistant"]');
  const before = answers().length;
  await userEvent.type(canvas.getByLabelText('Message'), question);
  await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
  await waitFor(() => expect(answers().length).toBe(before + 1));
  await expect(canvas.getAllByText(question, { exact: true }).at(-1)).toBeVisible();
  return answers()[before] as HTMLElement;
}

/** Waits until the answer shows `status` (the machine value and its visible label). */
export async function waitForStatus(answer: HTMLElement, status: AnswerStatus, timeout = WAIT_MS): Promise<void> {
  await until(answer, () => answer.getAttribute('data-status') === status, timeout);
  await expect(answer).toHaveAttribute('data-status', status);
}

/** The answer's visible text (the `.ck-text` part). */
export function answerText(answer: HTMLElement): string {
  return answer.querySelector('.ck-text')?.textContent ?? '';
}

/**
 * Holds every animation still for axe: finite ones (transitions) at their end, endless ones
 * (pulses) halfway, their faintest frame, so contrast is judged on a frame users really see.
 */
function freezeAnimations(): () => void {
  const animations = document.getAnimations();
  for (const animation of animations) {
    const timing = animation.effect?.getComputedTiming();
    if (timing?.endTime === Number.POSITIVE_INFINITY) {
      animation.pause();
      animation.currentTime = Number(timing.duration) / 2;
    } else animation.finish();
  }
  return () => {
    for (const animation of animations) if (animation.playState === 'paused') animation.play();
  };
}

/** axe-core over the story: no violations of WCAG 2.1 A/AA. */
export async function expectNoA11yViolations(element: HTMLElement): Promise<void> {
  const resume = freezeAnimations();
  const results = await axe
    .run(element, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    .finally(resume);
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}

/** The text of every range a CSS Custom Highlight holds now (`ck-changed`, `ck-removed` …). */
export function marked(name: string): string[] {
  const highlights = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
  return [...(highlights?.get(name) ?? [])].map((range) => range.toString());
}

/** Opens an answer's "Details" and waits for its attempts table. */
export async function openDetails(answer: HTMLElement): Promise<HTMLElement> {
  await userEvent.click(within(answer).getByText('Details'));
  return within(answer).findByRole('table', { name: 'Attempts' }, { timeout: 5000 });
}
