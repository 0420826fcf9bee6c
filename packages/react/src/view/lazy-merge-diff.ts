import type { MergeView } from '@cascadekit/core';

type MergeDiff = (draft: string, final: string) => MergeView;

let loaded: MergeDiff | undefined;
let loading: Promise<MergeDiff> | undefined;

/**
 * The word diff once its module has loaded, else `undefined`. `diff` (jsdiff) is loaded on
 * first use so an app that never shows `merge="diff"` does not ship it.
 * @internal
 */
export function loadedMergeDiff(): MergeDiff | undefined {
  return loaded;
}

/**
 * Loads the word diff (once per page). A failed load is forgotten so a later call retries.
 * @internal
 */
export function loadMergeDiff(): Promise<MergeDiff> {
  loading ??= import('./merge-diff.js').then(
    (module) => {
      loaded = module.mergeDiff;
      return module.mergeDiff;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
