import type { DemoSettings } from './settings';

/** One option of a setting as the panel shows it: a short label and a sentence on what it does. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  /** Left out where the label says it all. */
  hint?: string;
}

export const MERGE_CHOICES: readonly Choice<DemoSettings['merge']>[] = [
  { value: 'replace', label: 'Replace', hint: 'The larger model’s answer takes the draft’s place.' },
  { value: 'append', label: 'Append', hint: 'The improved answer appears below the draft.' },
  { value: 'diff', label: 'Diff', hint: 'Marks what the larger model changed in the draft.' },
];

export const REVEAL_CHOICES: readonly Choice<DemoSettings['reveal']>[] = [
  {
    value: 'on-validated',
    label: 'After validation',
    hint: 'The larger model’s text shows once it passes validation.',
  },
  { value: 'stream', label: 'As it streams', hint: 'The larger model’s text streams in as it is written.' },
];

export const EARLY_ACCEPT_CHOICES: readonly Choice<DemoSettings['earlyAccept']>[] = [
  { value: 'off', label: 'Off', hint: 'Always wait for the larger model.' },
  { value: 'on', label: 'On', hint: 'A draft that passes validation stands at once; the larger model is cancelled.' },
];

export const THEME_CHOICES: readonly Choice<DemoSettings['theme']>[] = [
  { value: 'auto', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const SCENARIO_COPY: Record<string, { label: string; hint: string }> = {
  default: { label: 'Both models healthy', hint: 'The draft streams, then the larger model’s answer replaces it.' },
  'final-fails': { label: 'Larger model down', hint: 'The larger model answers 503, so the quick answer stands.' },
  'final-fallback': {
    label: 'Larger model falls back',
    hint: 'The first larger model answers 503; a second one takes over.',
  },
  'final-cut': { label: 'Larger model cut off', hint: 'The larger model’s stream breaks mid-answer.' },
  'all-fail': { label: 'Both models down', hint: 'Both lanes fail: the answer says so and offers Retry.' },
  'slow-final': { label: 'Larger model slow', hint: 'The larger model takes 5 s to start; read the draft meanwhile.' },
  'slow-draft': {
    label: 'Quick model slow',
    hint: 'The quick model streams slowly; the larger model’s answer replaces it as soon as it is ready.',
  },
};

/** Every scenario the panel has words for, whether or not the server offers it. */
export const SCENARIO_CHOICES: readonly Required<Choice<string>>[] = Object.entries(SCENARIO_COPY).map(
  ([value, copy]) => ({ value, ...copy }),
);

/** A simulator scenario as the panel shows it; a name it does not know is shown as it is. */
export function scenarioChoice(name: string): Required<Choice<string>> {
  const copy = SCENARIO_COPY[name];
  return { value: name, label: copy?.label ?? name, hint: copy?.hint ?? `The simulator’s “${name}” scenario.` };
}
