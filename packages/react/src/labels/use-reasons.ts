import { useEffect, useState } from 'react';
import { type ReasonLabels, useLabels } from './labels.js';

let loaded: ReasonLabels | undefined;
let loading: Promise<ReasonLabels> | undefined;

/**
 * The plain words for failure reasons (`labels.reasons` over `REASON_LABELS`), or `undefined` for
 * the moment their chunk takes to load: it starts with the first status on the page, long before
 * a failure needs saying.
 * @internal
 */
export function useReasonLabels(): ReasonLabels | undefined {
  const given = useLabels().reasons;
  const [words, setWords] = useState(loaded);
  useEffect(() => {
    if (words) return;
    let live = true;
    loading ??= import('./reason-labels.js').then((m) => {
      loaded = m.REASON_LABELS;
      return loaded;
    });
    loading.then(
      (w) => live && setWords(w),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [words]);
  return words && { ...words, ...given };
}
