/**
 * How long a story waits for something that takes a moment (an answer settling, a chunk loading):
 * long enough for a slow, shared machine and for the Storybook UI, which records every step. A
 * wait that succeeds costs only the time until it does.
 */
export const WAIT_MS = 30_000;

/**
 * Resolves once `test()` holds, checked at once and on every DOM change under `root` (a
 * MutationObserver: no polling), or after `timeout` ms (the caller's `expect` then fails with what
 * it found). Polling `waitFor(() => expect(element)…)` instead records a step per poll in the
 * Storybook UI, each copying the element's text: on a long streaming answer that was slower than
 * the stream itself.
 */
export function until(root: Node, test: () => boolean, timeout = WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    if (test()) return resolve();
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => test() && done());
    const timer = setTimeout(done, timeout);
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
