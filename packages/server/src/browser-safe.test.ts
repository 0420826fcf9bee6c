import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

/** Every file reachable from `entry` through relative imports, with the bare imports each makes. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const specifiers = [...source.matchAll(/^(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm)].map(
      (m) => m[1] as string,
    );
    graph.set(
      file,
      specifiers.filter((s) => !s.startsWith('.')),
    );
    for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
      const base = resolve(dirname(file), specifier.replace(/\.js$/, ''));
      const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(candidate));
      if (target) visit(target);
    }
  };
  visit(entry);
  return graph;
}

describe('@cascadekit/server main entry', () => {
  it('is browser-safe (Storybook runs the real handler in the page): no Node built-in anywhere in its graph', () => {
    const graph = importGraph(resolve(root, 'index.ts'));
    expect(graph.size).toBeGreaterThan(20);
    for (const [file, bare] of graph) {
      expect(
        bare.filter((s) => s.startsWith('node:')),
        file,
      ).toEqual([]);
    }
    expect([...graph.keys()].some((f) => f.endsWith('/node.ts'))).toBe(false);
  });
});
