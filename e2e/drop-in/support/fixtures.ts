import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { root } from '../../../scripts/package/pack';
import { run } from './processes';

/** The chains every fixture serves: the Next example's own file, so all apps answer alike. */
const chainsFile = join(root, 'apps', 'next', 'src', 'chains.ts');

/** Never copied from a template: what an install or a build makes. */
const GENERATED = new Set(['node_modules', '.next', 'dist', 'dist-server', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);

/** A temp folder outside the workspace for this run's apps, with the tarballs copied in. */
export function consumerWorkspace(tarballs: Record<string, string>): { dir: string; tarballs: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'cascadekit-consumer-'));
  mkdirSync(join(dir, 'tarballs'));
  const copied = Object.fromEntries(
    Object.entries(tarballs).map(([name, file]) => {
      const target = join(dir, 'tarballs', `cascadekit-${basename(file)}`);
      cpSync(file, target);
      return [name, target];
    }),
  );
  return { dir, tarballs: copied };
}

export interface FixtureOptions {
  /** Template folders, copied in order (a later one adds to or replaces files of an earlier one). */
  templates: string[];
  /** Where the example chains go inside the app (e.g. `server/chains.ts`); none when the template has them. */
  chainsAt?: string;
  /** Tarballs by package folder name (core, react, server). */
  tarballs: Record<string, string>;
}

/**
 * Copies the template folders of an app and points its @cascadekit dependencies at the tarballs (`file:`), as a
 * user installs packages they packed themselves. core is listed too: the others depend on it.
 */
export function createFixture(dir: string, options: FixtureOptions): string {
  for (const template of options.templates) {
    cpSync(template, dir, { recursive: true, filter: (source) => !GENERATED.has(basename(source)) });
  }
  if (options.chainsAt) cpSync(chainsFile, join(dir, options.chainsAt));
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    name: string;
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    if (name.startsWith('@cascadekit/')) delete manifest.dependencies[name];
  }
  for (const [name, tarball] of Object.entries(options.tarballs)) {
    manifest.dependencies[`@cascadekit/${name}`] = `file:${tarball}`;
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/**
 * `npm install` from the registry and the tarballs, as a user runs it: through npm's own cache
 * (`~/.npm`), so a fresh clone reuses what any npm install on the machine downloaded, and with
 * `--prefer-offline` cached package data is not checked again.
 */
export function npmInstall(dir: string): Promise<string> {
  return run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    timeoutMs: 300_000,
  });
}

/**
 * Removes a run's apps unless CONSUMER_KEEP=1 (then their folder is printed for a look). A detached
 * `rm -rf` does it: deleting the apps' node_modules (400 MB for the Next.js app) took 19 to 44 s
 * of a step on a busy 2-core machine, time the next step need not wait for.
 */
export function removeWorkspace(dir: string): void {
  if (process.env.CONSUMER_KEEP === '1') console.log(`consumer apps kept in ${dir}`);
  else spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' }).unref();
}
