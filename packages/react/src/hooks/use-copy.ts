import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Copies text to the clipboard and says so for `ms` milliseconds: `[copied, copy]`.
 * @internal
 */
export function useCopy(ms = 2000): [boolean, (text: string) => void] {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback(
    (text: string) => {
      navigator.clipboard?.writeText(text).then(
        () => {
          setCopied(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setCopied(false), ms);
        },
        () => {},
      );
    },
    [ms],
  );
  return [copied, copy];
}
