import { type UseCascadeOptions, useCascade } from '@cascadekit/react';

/** One question, one answer, with `useCascade`: asking the same again shows the cached answer at once. */
export function OnePrompt(options: UseCascadeOptions) {
  const { text, status, isRunning, fromCache, submit, stop, reset } = useCascade(options);
  return (
    <section aria-label="One prompt">
      <button type="button" onClick={() => submit('How do retries work?').catch(() => {})} disabled={isRunning}>
        Ask how retries work
      </button>
      <button type="button" onClick={stop} disabled={!isRunning}>
        Stop
      </button>
      <button type="button" onClick={reset}>
        Reset
      </button>
      <p>
        Status: <output>{status}</output>
        {fromCache && ' (from the cache)'}
      </p>
      <p>{text}</p>
    </section>
  );
}
