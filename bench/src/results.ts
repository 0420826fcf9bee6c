/** Shape of bench/results/latest.json. */
import type { PerceivedResult } from './browser/perceived-suite';
import type { RenderRegime, RenderResult } from './browser/render-suite';
import type { CancelResult } from './cancel-suite';
import type { GatewayOptions, GatewayRegimeResult } from './gateway/suite';
import type { GuardSection } from './guard/suite';
import type { LoadResult } from './load-suite';
import type { MachineInfo } from './machine';
import type { RedisSection } from './redis-suite';
import type { RescueSection } from './rescue/suite';
import type { SizeEntry } from './size-suite';

export interface GatewaySection {
  config: Omit<GatewayOptions, 'regimes' | 'log'> & { upstreamTokens: number };
  regimes: GatewayRegimeResult[];
}

export interface BenchResults {
  machine: MachineInfo;
  durationSeconds: number;
  /** Sections measured by this run; the others were kept from an earlier run (see BENCH_ONLY). */
  ranSections: string[];
  sections: {
    gateway?: GatewaySection;
    guard?: GuardSection;
    rescue?: RescueSection;
    load?: LoadResult;
    cancel?: CancelResult;
    redis?: RedisSection;
    size?: { cascadekit: SizeEntry[]; alternatives: SizeEntry[] };
    perceived?: { config: { turns: number }; pages: PerceivedResult[] };
    render?: {
      config: {
        sizes?: readonly number[];
        reps: number;
        regimes: readonly RenderRegime[];
        before?: string;
        after?: string;
      };
      pages: RenderResult[];
    };
  };
}
