/**
 * The load tests (the vitest project `load`) with the concurrency test at its full length: 200
 * concurrent cascades for LOAD_SECONDS (default 30) with 10 % random upstream faults; and 100
 * clients that stop reading 5 MiB answers (packages/server/src/node/slow-client.load.test.ts).
 * The tests assert; this records what they printed (`load: ` lines) into the results.
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
    env: {
      ...process.env,
      LOAD_SECONDS: String(seconds),
      // The slow-client test with room for a busy machine (25 s in the test command, where it runs alone).
      SLOW_CLIENT_MS: '45000',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
    encoding: 'utf8',
    // Both transports at full length, their heap phases, and the slow-client test (about 90 s).
    timeout: (4 * seconds + 400) * 1000,
  });
  const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('load: '));
  return { seconds, passed: run.status === 0, lines };
}
