import { EARLY_ACCEPT_CHOICES, MERGE_CHOICES, REVEAL_CHOICES, THEME_CHOICES } from './choices';
import type { DemoInfo } from './demo-info';
import { ScenarioSelect } from './scenario-select';
import { Segmented } from './segmented';
import type { DemoSettings } from './settings';

/** The demo's settings in three groups: how the answer is shown, how the cascade runs, the look. */
export function SettingsPanel(props: {
  settings: DemoSettings;
  info: DemoInfo | null;
  onChange(next: DemoSettings): void;
}) {
  const { settings, info, onChange } = props;
  const set =
    <K extends keyof DemoSettings>(key: K) =>
    (value: DemoSettings[K]) =>
      onChange({ ...settings, [key]: value });
  return (
    <div className="demo-card demo-settings">
      <h2 id="demo-settings-title" className="demo-visually-hidden">
        Settings
      </h2>
      <div className="demo-group">
        <h3 className="demo-group-title">Answer</h3>
        <Segmented legend="Improved answer" value={settings.merge} choices={MERGE_CHOICES} onChange={set('merge')} />
        <Segmented
          legend="Reveal the larger model’s text"
          value={settings.reveal}
          choices={REVEAL_CHOICES}
          onChange={set('reveal')}
        />
      </div>
      <div className="demo-group">
        <h3 className="demo-group-title">Cascade</h3>
        <Segmented
          legend="Early accept"
          inline
          value={settings.earlyAccept}
          choices={EARLY_ACCEPT_CHOICES}
          onChange={set('earlyAccept')}
        />
        <ScenarioSelect value={settings.scenario} info={info} onChange={set('scenario')} />
      </div>
      <div className="demo-group">
        <h3 className="demo-group-title">Appearance</h3>
        <Segmented legend="Theme" inline value={settings.theme} choices={THEME_CHOICES} onChange={set('theme')} />
      </div>
    </div>
  );
}
