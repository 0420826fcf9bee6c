import { useEffect, useState } from 'react';

/** What the demo server serves (GET /api/demo). */
export interface DemoInfo {
  mode: 'simulator' | 'openai' | 'anthropic';
  models: { draft: string[]; final: string[] };
  scenarios: string[];
  baseUrl?: string;
}

/** Reads `/api/demo` once; `null` until it arrives (or when it fails: the header then stays empty). */
export function useDemoInfo(): DemoInfo | null {
  const [info, setInfo] = useState<DemoInfo | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/demo', { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<DemoInfo>) : null))
      .then(setInfo, () => {});
    return () => controller.abort();
  }, []);
  return info;
}
