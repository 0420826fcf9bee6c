/** Shape of bench/results/latest.json. */
import type { PerceivedResult } from './browser/perceived-suite';
import type { RenderResult } from './browser/render-suite';
import type { GatewayTargetResult } from './gateway/suite';
import type { MachineInfo } from './machine';

export interface GatewaySection {
  config: { seconds: number; reps: number; connections: number; ttftSamples: number; upstreamTokens: number };
  targets: GatewayTargetResult[];
}

export interface BenchResults {
  machine: MachineInfo;
  durationSeconds: number;
  sections: {
    gateway?: GatewaySection;
    perceived?: { config: { turns: number }; pages: PerceivedResult[] };
    render?: { config: { sizes: number[]; reps: number; tokensPerSecond: number }; pages: RenderResult[] };
  };
}
