/** The knobs of the demo, kept in the page's query string so a link reproduces a setup. */
export interface DemoSettings {
  merge: 'replace' | 'append' | 'diff';
  reveal: 'on-validated' | 'stream';
  theme: 'auto' | 'light' | 'dark';
  /** `on`: a draft that passes validation stands at once and the final lane is cancelled. */
  earlyAccept: 'off' | 'on';
  scenario: string;
}

export const MERGES = ['replace', 'append', 'diff'] as const;
export const REVEALS = ['on-validated', 'stream'] as const;
export const THEMES = ['auto', 'light', 'dark'] as const;
export const EARLY_ACCEPT = ['off', 'on'] as const;

/** The option equal to `value`, else `fallback`. */
export function pick<T extends string>(options: readonly T[], value: string | null, fallback: T): T {
  return options.find((option) => option === value) ?? fallback;
}

/** Settings from a query string; unknown values fall back to the defaults. */
export function readSettings(search: string): DemoSettings {
  const query = new URLSearchParams(search);
  return {
    merge: pick(MERGES, query.get('merge'), 'replace'),
    reveal: pick(REVEALS, query.get('reveal'), 'on-validated'),
    theme: pick(THEMES, query.get('theme'), 'auto'),
    earlyAccept: pick(EARLY_ACCEPT, query.get('earlyAccept'), 'off'),
    scenario: query.get('scenario') || 'default',
  };
}

/** `href` with the settings in its query, defaults left out. */
export function writeSettings(href: string, settings: DemoSettings): string {
  const url = new URL(href);
  const defaults = readSettings('');
  for (const key of Object.keys(settings) as (keyof DemoSettings)[]) {
    if (settings[key] === defaults[key]) url.searchParams.delete(key);
    else url.searchParams.set(key, settings[key]);
  }
  return url.toString();
}
