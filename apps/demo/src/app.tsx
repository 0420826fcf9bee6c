import { CascadeChat, type PersistOptions, useCascadeChat } from '@cascadekit/react';
import { useState } from 'react';
import { useDemoInfo } from './demo-info';
import { HowItWorks } from './how-it-works';
import { usePageTheme } from './page-theme';
import { type DemoSettings, readSettings, writeSettings } from './settings';
import { SettingsPanel } from './settings-panel';
import { Suggestions } from './suggestions';

/**
 * The demo keeps its conversation under its own key, in localStorage, or in IndexedDB with
 * `?storage=indexeddb` in the address (read once: `persist` applies when the chat is created).
 */
const demoPersist = (search: string): PersistOptions => ({
  key: 'cascadekit-demo:conversation',
  storage: new URLSearchParams(search).get('storage') === 'indexeddb' ? 'indexeddb' : 'local',
});

const endpointFor = (scenario: string) =>
  scenario === 'default' ? '/api/cascade' : `/api/cascade?scenario=${encodeURIComponent(scenario)}`;

/**
 * The demo page: a header, what the viewer is seeing above the chat, the settings beside it
 * (behind a Settings button on narrow screens), and the chat filling the rest of the window.
 */
export function App() {
  const info = useDemoInfo();
  const [settings, setSettings] = useState<DemoSettings>(() => readSettings(location.search));
  const [panelOpen, setPanelOpen] = useState(false);
  const [persist] = useState(() => demoPersist(location.search));
  usePageTheme(settings.theme);
  const update = (next: DemoSettings) => {
    setSettings(next);
    history.replaceState(null, '', writeSettings(location.href, next));
  };
  // The page owns the conversation so "New chat" can clear it (the saved copy too: `clear()`
  // removes it). The endpoint is read per request: a new scenario applies from the next question
  // and the conversation stays (see README). The conversation survives a reload (`persist`).
  const endpoint = endpointFor(settings.scenario);
  const chat = useCascadeChat({ endpoint, earlyAccept: settings.earlyAccept === 'on', persist });

  return (
    <div className="demo">
      <header className="demo-header">
        <div className="demo-brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <h1>cascadekit</h1>
          <span className="demo-tagline">Speculative cascade demo</span>
        </div>
        <div className="demo-actions">
          <button type="button" className="demo-button" disabled={chat.ids.length === 0} onClick={chat.clear}>
            New chat
          </button>
          <button
            type="button"
            className="demo-button demo-panel-toggle"
            aria-expanded={panelOpen}
            aria-controls="demo-panel"
            onClick={() => setPanelOpen((open) => !open)}
          >
            Settings
          </button>
        </div>
      </header>
      <div className="demo-body">
        <HowItWorks info={info} />
        <aside
          id="demo-panel"
          className="demo-panel"
          data-open={panelOpen || undefined}
          aria-labelledby="demo-settings-title"
        >
          <SettingsPanel settings={settings} info={info} onChange={update} />
        </aside>
        <main className="demo-main">
          <h2 className="demo-visually-hidden">Chat</h2>
          <CascadeChat
            className="demo-chat"
            client={chat.client}
            // Only the health line reads it here: it names the scenario's models whose breaker is open.
            endpoint={endpoint}
            merge={settings.merge}
            reveal={settings.reveal}
            theme={settings.theme}
            placeholder="Ask anything"
            empty={<Suggestions />}
          />
        </main>
      </div>
    </div>
  );
}
