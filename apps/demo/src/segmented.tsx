import { useId } from 'react';
import type { Choice } from './choices';

interface SegmentedProps<T extends string> {
  legend: string;
  /** Legend and bar on one line, for short labels. */
  inline?: boolean;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
}

/**
 * A segmented control: a group of native radio buttons drawn as one bar, so Tab enters the group,
 * the arrow keys change the choice and screen readers hear "radio, 1 of 3". The hint under it
 * says what the chosen option does. No toggle-group library: native radios already behave so.
 */
export function Segmented<T extends string>({ legend, inline, value, choices, onChange }: SegmentedProps<T>) {
  const name = useId();
  const hint = `${name}-hint`;
  const hasHints = choices.some((choice) => choice.hint);
  return (
    <fieldset className="demo-field" data-inline={inline || undefined} aria-describedby={hasHints ? hint : undefined}>
      <legend className="demo-field-label">{legend}</legend>
      <div className="demo-segmented">
        {choices.map((choice) => (
          <label key={choice.value} className="demo-segment">
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={choice.value === value}
              onChange={() => onChange(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
      {hasHints && <Hints id={hint} value={value} choices={choices} />}
    </fieldset>
  );
}

/**
 * The hint of the chosen option. Every hint is laid out in the same grid cell and only the chosen
 * one is visible, so the cell is as tall as the longest hint and a change never moves what is below.
 */
export function Hints<T extends string>({
  id,
  value,
  choices,
}: {
  id: string;
  value: T;
  choices: readonly Choice<T>[];
}) {
  return (
    <div className="demo-hints">
      {choices.map((choice) => (
        <p
          key={choice.value}
          id={choice.value === value ? id : undefined}
          className="demo-hint"
          data-chosen={choice.value === value || undefined}
        >
          {choice.hint}
        </p>
      ))}
    </div>
  );
}
