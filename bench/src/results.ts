/** Shape of bench/results/latest.json. */
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
  };
}
