import type { CascadeConfig } from '@cascadekit/server';

/**
 * The chains of this example. With `OPENAI_API_KEY` set, OpenAI's models answer; without keys,
 * the built-in simulator does, so the app runs as it is.
 *
 * The simulated final lane starts with `sim-flaky`, whose first call fails with a 503: the lane
 * falls back to `sim-large`, and the breaker of `sim-flaky` opens, which the chat's health
 * notice then shows. The consumer tests copy this file into their fixture apps.
 */
export function exampleChains(env: Record<string, string | undefined>): CascadeConfig['chains'] {
  if (env.OPENAI_API_KEY) {
    return {
      default: {
        draft: [{ provider: 'openai', model: 'gpt-4o-mini', apiKeyEnv: 'OPENAI_API_KEY' }],
        final: [{ provider: 'openai', model: 'gpt-4o', apiKeyEnv: 'OPENAI_API_KEY' }],
      },
    };
  }
  return {
    default: {
      // The draft streams at once; the final answer replaces it about 3.5 s later.
      draft: [{ provider: 'simulator', model: 'sim-fast', simulator: { seed: 1, ttftMs: 150, tokensPerSecond: 20 } }],
      final: [
        {
          provider: 'simulator',
          model: 'sim-flaky',
          simulator: { failure: { kind: 'http', status: 503 }, failCalls: 1 },
          retry: false,
          breaker: { consecutiveFailures: 1 },
        },
        {
          provider: 'simulator',
          model: 'sim-large',
          simulator: { seed: 2, sentences: 4, ttftMs: 3500, tokensPerSecond: 60 },
        },
      ],
    },
  };
}
