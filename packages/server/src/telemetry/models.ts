import type { Lane } from '@cascadekit/core';
import type { ResolvedChain } from '../chain/resolved.js';
import type { TurnStart } from './types.js';

/** Each chain's models as telemetry names them, built once per handler. */
export function telemetryModels(chains: ReadonlyMap<string, ResolvedChain>): (chain: string) => TurnStart['models'] {
  const byChain = new Map<string, TurnStart['models']>();
  for (const [name, chain] of chains) {
    const models: Partial<Record<Lane, TurnStart['models'][Lane]>> = {};
    for (const [lane, resolved] of Object.entries(chain.lanes) as [Lane, ResolvedChain['lanes'][Lane]][]) {
      models[lane] = (resolved ?? []).map((model) => ({
        name: model.name,
        provider: model.kind,
        model: model.config.model,
      }));
    }
    byChain.set(name, models);
  }
  return (chain) => byChain.get(chain) ?? {};
}
