import { useId } from 'react';
import { type DemoSettings, EARLY_ACCEPT, MERGES, pick, REVEALS, THEMES } from './settings';

interface SelectProps<T extends string> {
  label: string;
  value: T;
  options: readonly T[];
  onChange(value: T): void;
}

function Select<T extends string>({ label, value, options, onChange }: SelectProps<T>) {
  const id = useId();
  return (
    <span className="demo-setting">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(pick(options, event.target.value, value))}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Merge mode, reveal mode, theme and (simulator only) the failure scenario. */
export function SettingsPanel(props: {
  settings: DemoSettings;
  scenarios: readonly string[];
  onChange(next: DemoSettings): void;
}) {
  const { settings, scenarios, onChange } = props;
  return (
    <section className="demo-settings" aria-label="Settings">
      <Select
        label="Merge"
        value={settings.merge}
        options={MERGES}
        onChange={(merge) => onChange({ ...settings, merge })}
      />
      <Select
        label="Reveal"
        value={settings.reveal}
        options={REVEALS}
        onChange={(reveal) => onChange({ ...settings, reveal })}
      />
      <Select
        label="Theme"
        value={settings.theme}
        options={THEMES}
        onChange={(theme) => onChange({ ...settings, theme })}
      />
      <Select
        label="Early accept"
        value={settings.earlyAccept}
        options={EARLY_ACCEPT}
        onChange={(earlyAccept) => onChange({ ...settings, earlyAccept })}
      />
      {scenarios.length > 0 && (
        <Select
          label="Simulator scenario"
          value={settings.scenario}
          options={scenarios}
          onChange={(scenario) => onChange({ ...settings, scenario })}
        />
      )}
    </section>
  );
}
