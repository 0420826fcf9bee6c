import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

/** Every module specifier `file` imports or re-exports (comments left out). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  return [...source.matchAll(/^(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

/** Every file reachable from `entry` through relative imports, with the bare imports each makes. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const specifiers = importsOf(file);
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

/** Source files under `dir`, tests and fixtures left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
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
    expect([...graph.keys()].some((f) => f.includes('/node/'))).toBe(false);
  });

  it('never loads the optional peers: @opentelemetry/api and prom-client load with ./otel and ./prometheus only', () => {
    const graph = importGraph(resolve(root, 'index.ts'));
    for (const [file, bare] of graph) {
      expect(
        bare.filter((s) => s.startsWith('@opentelemetry/') || s === 'prom-client'),
        file,
      ).toEqual([]);
    }
    expect([...graph.keys()].some((f) => /\/(otel|prometheus)\//.test(f))).toBe(false);
    const peers = (entry: string) => [...importGraph(resolve(root, entry)).values()].flat();
    expect(peers('otel/index.ts')).toContain('@opentelemetry/api');
    expect(peers('prometheus/index.ts')).toContain('prom-client');
  });
});

describe('@cascadekit/server layers', () => {
  it('only node/ (the ./node entry) and testing/ (fault upstreams) know Node: nothing else imports a Node built-in or node/', () => {
    const outside = sources(root).filter((file) => !/^(node|testing)\//.test(relative(root, file)));
    expect(outside.length).toBeGreaterThan(30);
    for (const file of outside) {
      const nodeish = importsOf(file).filter((s) => s.startsWith('node:') || /(^|\/)node\//.test(s));
      expect(nodeish, relative(root, file)).toEqual([]);
    }
  });
});
