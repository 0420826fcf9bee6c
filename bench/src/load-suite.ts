/**
 * The load test (packages/server/src/concurrency.load.test.ts) at its full length: 200
 * concurrent cascades for LOAD_SECONDS (default 30) with 10 % random upstream faults. The test
 * asserts; this records what it printed (turns, outcomes, faults, resources) into the results.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDir } from './build-child';

export interface LoadResult {
  seconds: number;
  passed: boolean;
  /** The test's own summary lines. */
  lines: string[];
}

export function runLoadSuite(seconds: number): LoadResult {
  const root = join(benchDir, '..');
  const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'load'], {
    cwd: root,
    env: { ...process.env, LOAD_SECONDS: String(seconds), NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: (seconds + 120) * 1000,
  });
  const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('load: '));
  return { seconds, passed: run.status === 0, lines };
}
