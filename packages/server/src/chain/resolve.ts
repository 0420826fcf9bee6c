import type { Lane } from '@cascadekit/core';
import { createProvider, type ProviderFactoryContext } from '../config/provider-factory.js';
import type { ChainConfig, ModelConfig } from '../config/types.js';
import type { BreakerRegistry } from '../policies/breaker.js';
import { DEFAULT_RETRY_BUDGET_MS, resolveRetry } from '../policies/retry.js';
import { DEFAULT_LANE_DEADLINE_MS, resolveTimeouts } from '../policies/timeouts.js';
import { resolveValidators } from '../policies/validation.js';
import type { Provider } from '../providers/types.js';
import type { ResolvedChain, ResolvedModel } from './resolved.js';

/** Provider kinds whose APIs continue a trailing assistant message by default. */
const PREFILL_KINDS = new Set(['anthropic', 'simulator']);

/** The name a model is shown and keyed by. */
export function modelName(config: ModelConfig): string {
  return config.name ?? config.model;
}

function resolveModel(
  config: ModelConfig,
  path: string,
  breakers: BreakerRegistry,
  context: ProviderFactoryContext,
): ResolvedModel {
  let cached: Provider | undefined;
  const name = modelName(config);
  const kind = typeof config.provider === 'object' ? config.provider.kind : config.provider;
  const resolved: ResolvedModel = {
    name,
    kind,
    config,
    prefill: config.prefill ?? PREFILL_KINDS.has(kind),
    provider: () => {
      cached ??= createProvider(config, context);
      return cached;
    },
    timeouts: resolveTimeouts(config.timeouts),
    retry: resolveRetry(config.retry),
    validators: resolveValidators(config.validators),
  };
  if (config.confidence) resolved.confidence = config.confidence;
  if (config.price) resolved.price = config.price;
  if (config.breaker !== false) resolved.breaker = breakers.get(name, config.breaker, path);
  return resolved;
}

/** Resolves a chain's configuration once, at handler creation. */
export function resolveChain(
  name: string,
  config: ChainConfig,
  breakers: BreakerRegistry,
  context: ProviderFactoryContext,
): ResolvedChain {
  const lanes: Partial<Record<Lane, ResolvedModel[]>> = {};
  if (config.draft && config.draft.length > 0)
    lanes.draft = config.draft.map((m, i) => resolveModel(m, `chains.${name}.draft[${i}]`, breakers, context));
  lanes.final = config.final.map((m, i) => resolveModel(m, `chains.${name}.final[${i}]`, breakers, context));
  const chain: ResolvedChain = {
    name,
    lanes,
    deadlineMs: config.deadlineMs ?? DEFAULT_LANE_DEADLINE_MS,
    retryBudgetMs: config.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS,
    failover: config.failover ?? 'restart',
    contextNotes: config.contextNotes ?? true,
    failoverOnContentFilter: config.failoverOnContentFilter ?? false,
  };
  if (config.holdBack) chain.holdBack = config.holdBack;
  if (config.attemptBudgetMs !== undefined) chain.attemptBudgetMs = config.attemptBudgetMs;
  return chain;
}
