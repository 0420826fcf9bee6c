// `pnpm bench`: runs bench/src/run.ts with in-repo packages resolved to source (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(
  process.execPath,
  ['--conditions=@cascadekit/source', '--import', 'tsx', 'bench/src/run.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
