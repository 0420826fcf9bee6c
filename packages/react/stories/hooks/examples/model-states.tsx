import { type UseCascadeHealthOptions, useCascadeHealth } from '@cascadekit/react';

/** Each model's circuit breaker, from the server's health route, through `useCascadeHealth`. */
export function ModelStates(options: UseCascadeHealthOptions) {
  const { models, unavailable, isLoading, error } = useCascadeHealth(options);
  if (isLoading) return <p>Checking the models…</p>;
  if (error) return <p>{error.message}</p>;
  return (
    <section aria-label="Models">
      <ul>
        {models.map(({ model, state }) => (
          <li key={model}>
            {model}: {state}
          </li>
        ))}
      </ul>
      <p>{unavailable.length ? `Skipped for now: ${unavailable.join(', ')}` : 'Every model is available.'}</p>
    </section>
  );
}
