import { useId } from 'react';
import { SCENARIO_CHOICES, scenarioChoice } from './choices';
import type { DemoInfo } from './demo-info';
import { Hints } from './segmented';

interface ScenarioSelectProps {
  value: string;
  /** `null` until the server said what it serves. */
  info: DemoInfo | null;
  onChange(value: string): void;
}

const REAL_MODELS = { value: '', label: 'Not available with real models', hint: 'Scenarios simulate failing models.' };

/**
 * The simulator's failure scenario, as a styled native select (six options are too many for a
 * segmented bar on a phone). It keeps its size while the server's list loads and when real models
 * serve the demo (then it is disabled), so nothing below it moves. A new scenario applies from the
 * next question and the conversation stays: a model can go down in the middle of a conversation,
 * and seeing the earlier answers beside the new one is the point.
 */
export function ScenarioSelect({ value, info, onChange }: ScenarioSelectProps) {
  const id = useId();
  const real = info !== null && info.mode !== 'simulator';
  const options = real ? [REAL_MODELS] : (info?.scenarios.length ? info.scenarios : [value]).map(scenarioChoice);
  // Hints for every scenario known or offered, so their cell has its final height before the list loads.
  const extra = options.filter((option) => !SCENARIO_CHOICES.some((known) => known.value === option.value));
  const hints = [...SCENARIO_CHOICES, REAL_MODELS, ...extra];
  return (
    <div className="demo-field">
      <label className="demo-field-label" htmlFor={id}>
        Simulator scenario
      </label>
      <div className="demo-select">
        <select
          id={id}
          value={real ? '' : value}
          disabled={info === null || real}
          aria-describedby={`${id}-hint ${id}-note`}
          onChange={(event) => onChange(event.target.value)}
        >
          {options.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <Hints id={`${id}-hint`} value={real ? '' : value} choices={hints} />
      <p id={`${id}-note`} className="demo-hint">
        Applies from your next question; the chat stays.
      </p>
    </div>
  );
}
