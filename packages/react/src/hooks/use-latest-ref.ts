import { type RefObject, useInsertionEffect, useRef } from 'react';

/**
 * A ref that always holds the latest `value`, so stable callbacks can read current
 * props without being recreated. Updated before layout effects run.
 * @internal
 */
export function useLatestRef<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useInsertionEffect(() => {
    ref.current = value;
  });
  return ref;
}
