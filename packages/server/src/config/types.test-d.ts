// Type-level tests, compiled by the `typecheck` step (tsc): a mismatch is a compile error.
import type { Validator } from '@cascadekit/core';
import type * as v from 'valibot';
import { expectTypeOf } from 'vitest';
import type { UpstreamTransport } from '../providers/transport.js';
import type { Provider } from '../providers/types.js';
import type { SimulatorOptions } from '../simulator.js';
import { defineConfig } from './load.js';
import type { simulatorOptionsSchema } from './simulator-schema.js';
import type {
  AttemptHookEvent,
  CascadeConfig,
  ChainsConfig,
  ModelConfig,
  ProviderKind,
  RetryConfig,
  ScorerContext,
  SettledHookEvent,
  ValidatorConfig,
} from './types.js';

// `ModelConfig.simulator` is typed by the simulator's documented options; the schema that checks
// it must accept exactly those, both ways.
expectTypeOf<v.InferOutput<typeof simulatorOptionsSchema>>().toEqualTypeOf<Omit<SimulatorOptions, 'model' | 'clock'>>();
expectTypeOf<NonNullable<ModelConfig['simulator']>>().toEqualTypeOf<Omit<SimulatorOptions, 'model' | 'clock'>>();

// The TypeScript-only values keep their exact types.
expectTypeOf<ModelConfig['provider']>().toEqualTypeOf<ProviderKind | Provider>();
expectTypeOf<ProviderKind>().toEqualTypeOf<'openai' | 'anthropic' | 'simulator'>();
expectTypeOf<ValidatorConfig>().toEqualTypeOf<
  | Validator
  | { type: 'non-empty' }
  | { type: 'json' }
  | { type: 'pattern'; pattern: string; flags?: string; message?: string }
>();
expectTypeOf<NonNullable<NonNullable<ModelConfig['confidence']>['scorer']>>().toEqualTypeOf<
  (text: string, context: ScorerContext) => number | Promise<number>
>();
expectTypeOf<ModelConfig['retry']>().toEqualTypeOf<RetryConfig | false | undefined>();
expectTypeOf<CascadeConfig>().toExtend<ChainsConfig>();
expectTypeOf<CascadeConfig['transport']>().toEqualTypeOf<UpstreamTransport | undefined>();
expectTypeOf<CascadeConfig['requireApiKeys']>().toEqualTypeOf<boolean | undefined>();

// Inferred types stay usable as before: hooks are typed by context, required fields are required,
// and a key the schema does not know is a type error too.
defineConfig({
  chains: { support: { final: [{ provider: 'simulator', model: 'sim' }] } },
  onAttempt: (event) => expectTypeOf(event).toEqualTypeOf<AttemptHookEvent>(),
  onSettled: (event) => expectTypeOf(event).toEqualTypeOf<SettledHookEvent>(),
});
// @ts-expect-error `model` is required
defineConfig({ chains: { support: { final: [{ provider: 'openai' }] } } });
// @ts-expect-error unknown option
export const misspelt: ModelConfig = { provider: 'openai', model: 'm', idle: 5 };
