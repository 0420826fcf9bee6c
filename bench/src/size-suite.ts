/**
 * Benchmark 1d: bundle sizes with size-limit (esbuild, minified, gzip, react/react-dom
 * excluded): cascadekit's budgets (root .size-limit.cjs) and the alternatives that install on
 * Node 20 (bench/.size-limit.cjs).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDir } from './build-child';

export interface SizeEntry {
  name: string;
  bytes: number;
  limitBytes?: number;
  passed?: boolean;
}

function sizeLimit(cwd: string): SizeEntry[] {
  const bin = join(benchDir, '..', 'node_modules', '.bin', 'size-limit');
  const run = spawnSync(bin, ['--json'], { cwd, encoding: 'utf8' });
  const json = run.stdout.slice(run.stdout.indexOf('['));
  const rows = JSON.parse(json) as { name: string; size: number; sizeLimit?: number; passed?: boolean }[];
  return rows.map((r) => {
    const entry: SizeEntry = { name: r.name, bytes: r.size };
    if (r.sizeLimit !== undefined) entry.limitBytes = r.sizeLimit;
    if (r.passed !== undefined) entry.passed = r.passed;
    return entry;
  });
}

export function runSizeSuite(): { cascadekit: SizeEntry[]; alternatives: SizeEntry[] } {
  return { cascadekit: sizeLimit(join(benchDir, '..')), alternatives: sizeLimit(benchDir) };
}
