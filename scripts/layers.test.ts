import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Lints probe files with the repository's own biome.json, laid out as in the repo, and checks
// that the layer rules reject upward imports (and only those).
const root = join(import.meta.dirname, '..');
const sandbox = mkdtempSync(join(tmpdir(), 'cascadekit-layers-'));
const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>;
delete config.$schema;
config.vcs = { enabled: false };
config.files = { includes: ['**'] };
writeFileSync(join(sandbox, 'biome.json'), JSON.stringify(config));

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function lint(path: string, source: string): string[] {
  const file = join(sandbox, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const run = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=50', path], {
    cwd: sandbox,
    encoding: 'utf8',
  });
  const report = JSON.parse(run.stdout) as { diagnostics: { category: string }[] };
  return report.diagnostics.map((d) => d.category).filter((c) => c.includes('noRestrictedImports'));
}

const reactImport = "import { useState } from 'react';\nexport const probe = useState;\n";
const serverImport =
  "import { createCascadeHandler } from '@cascadekit/server';\nexport const probe = createCascadeHandler;\n";
const nodeImport = "import { serveNode } from '@cascadekit/server/node';\nexport const probe = serveNode;\n";

describe('layer rules (biome.json)', () => {
  it.each([
    ['packages/core/src/probe.ts', reactImport],
    ['packages/server/src/probe.ts', reactImport],
    [
      'packages/core/src/probe-dom.ts',
      "import { createRoot } from 'react-dom/client';\nexport const probe = createRoot;\n",
    ],
    [
      'packages/server/src/probe-rq.ts',
      "import { QueryClient } from '@tanstack/react-query';\nexport const probe = QueryClient;\n",
    ],
    ['packages/core/src/probe-zustand.ts', "import { create } from 'zustand';\nexport const probe = create;\n"],
    // The server stays out of browser packages: a server import in their sources is a lint error.
    ['packages/react/src/probe-server.ts', serverImport],
    ['packages/react/src/parts/probe-node.tsx', nodeImport],
    ['packages/core/src/probe-server.ts', serverImport],
    ['packages/core/src/probe-testing.ts', "export { startOpenAIUpstream } from '@cascadekit/server/testing';\n"],
  ])('rejects an upward import in %s', (path, source) => {
    expect(lint(path, source)).not.toEqual([]);
  });

  it('in core, the server ban and the React ban hold together', () => {
    // Overrides for one file must not overlap: a later override's options replace an earlier one's.
    const both = `${reactImport}${serverImport.replace('probe', 'probe2')}`;
    expect(lint('packages/core/src/probe-both.ts', both)).toHaveLength(2);
  });

  it('allows the server in the React package stories and fixtures, outside src/', () => {
    expect(lint('packages/react/stories/probe.stories.tsx', serverImport)).toEqual([]);
    expect(lint('packages/react/__fixtures__/probe.ts', nodeImport)).toEqual([]);
  });

  it('allows React in the React package and zustand/vanilla in core', () => {
    expect(lint('packages/react/src/probe.ts', reactImport)).toEqual([]);
    expect(
      lint(
        'packages/core/src/probe-vanilla.ts',
        "import { createStore } from 'zustand/vanilla';\nexport const probe = createStore;\n",
      ),
    ).toEqual([]);
  });
});
