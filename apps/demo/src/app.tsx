import { CascadeChat } from '@cascadekit/react';
import { useState } from 'react';
import { type DemoInfo, useDemoInfo } from './demo-info';
import { type DemoSettings, readSettings, writeSettings } from './settings';
import { SettingsPanel } from './settings-panel';

function servedBy(info: DemoInfo | null): string {
  if (!info) return '…';
  const draft = info.models.draft.join(' → ');
  const final = info.models.final.join(' → ');
  const source = info.mode === 'simulator' ? 'built-in simulator (no API keys set)' : `${info.mode} API`;
  return `draft lane: ${draft} · final lane: ${final} · ${source}`;
}

/** The demo page: a header saying who serves each lane, the settings, and the chat. */
export function App() {
  const info = useDemoInfo();
  const [settings, setSettings] = useState<DemoSettings>(() => readSettings(location.search));
  const update = (next: DemoSettings) => {
    setSettings(next);
    history.replaceState(null, '', writeSettings(location.href, next));
  };
  const endpoint = settings.scenario === 'default' ? '/api/cascade' : `/api/cascade?scenario=${settings.scenario}`;

  return (
    <div className="demo">
      <header className="demo-header">
        <h1>cascadekit demo</h1>
        <p>A fast draft streams at once; the larger model&rsquo;s validated answer replaces it when it is ready.</p>
        <p className="demo-lanes" data-testid="lanes">
          {servedBy(info)}
        </p>
      </header>
      <SettingsPanel settings={settings} scenarios={info?.scenarios ?? []} onChange={update} />
      <main className="demo-main">
        {/* Remount on scenario change: a new endpoint means a new conversation. */}
        <CascadeChat
          key={settings.scenario}
          endpoint={endpoint}
          merge={settings.merge}
          reveal={settings.reveal}
          theme={settings.theme}
          earlyAccept={settings.earlyAccept === 'on'}
          placeholder="Ask anything"
        />
      </main>
    </div>
  );
}
