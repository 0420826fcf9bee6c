import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Imports that only run in a browser-side React tree: hooks, context and stores bound to React.
 * `react/jsx-runtime` renders on the server as well, and `zustand/vanilla` knows no React.
 */
export function isClientSpecifier(specifier: string): boolean {
  if (/^react\/jsx(-dev)?-runtime$/.test(specifier)) return false;
  if (specifier === 'zustand' || /^zustand\/(react|shallow|traditional)/.test(specifier)) return true;
  // react, react-dom, @tanstack/react-query, @radix-ui/react-slot …
  return /(^|[/@-])react([/-]|$)/.test(specifier);
}

interface ModuleFacts {
  /** Bare specifiers of runtime imports (type-only imports are gone from emitted JavaScript). */
  packages: string[];
  /** Relative runtime imports and re-exports, resolved to absolute file paths. */
  locals: string[];
  /** Only `export … from` statements: the module runs nothing itself (an entry's barrel). */
  barrel: boolean;
  directive: boolean;
}

function factsOf(file: string, source: string): ModuleFacts {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const facts: ModuleFacts = { packages: [], locals: [], barrel: true, directive: false };
  for (const statement of parsed.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) {
      if (statement.expression.text === 'use client') facts.directive = true;
      continue;
    }
    const from =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    if (!(ts.isExportDeclaration(statement) && from)) facts.barrel = false;
    if (from === undefined) continue;
    if (from.startsWith('.')) facts.locals.push(resolve(dirname(file), from));
    else facts.packages.push(from);
  }
  return facts;
}

/**
 * The modules of a built package that need `'use client'` for React Server Components: those
 * that import a client-only package, and those that import such a module (their components call
 * its hooks), except barrels, which only pass names through. Pure modules stay usable on the
 * server, e.g. a formatting helper imported into a server component.
 */
export function clientModules(sources: Map<string, string>): Set<string> {
  const facts = new Map([...sources].map(([file, source]) => [file, factsOf(file, source)]));
  const client = new Set([...facts].filter(([, f]) => f.packages.some(isClientSpecifier)).map(([file]) => file));
  // Fixed point over the local import graph (a few dozen modules: plain iteration is enough).
  for (let changed = true; changed; ) {
    changed = false;
    for (const [file, f] of facts) {
      if (client.has(file) || f.barrel || !f.locals.some((local) => client.has(local))) continue;
      client.add(file);
      changed = true;
    }
  }
  return client;
}

/**
 * Prepends the directive to an emitted module and shifts its source map by the added line
 * (`;` opens an unmapped generated line), so stack traces still point at the right source line.
 */
export function withDirective(source: string, map?: string): { source: string; map?: string } {
  const result: { source: string; map?: string } = { source: `'use client';\n${source}` };
  if (map !== undefined) {
    const parsed = JSON.parse(map) as { mappings: string };
    result.map = JSON.stringify({ ...parsed, mappings: `;${parsed.mappings}` });
  }
  return result;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(dir, name));
}

/**
 * Adds `'use client'` to the client modules of a built package in `dist` (tsc keeps a directive
 * only when the source has one, and the sources stay free of framework markers). Returns the
 * marked files relative to `dist`.
 */
export function markClientModules(dist: string): string[] {
  const sources = new Map(jsFiles(dist).map((file) => [file, readFileSync(file, 'utf8')]));
  const marked: string[] = [];
  for (const file of clientModules(sources)) {
    if (factsOf(file, sources.get(file)!).directive) continue;
    const mapFile = `${file}.map`;
    let map: string | undefined;
    try {
      map = readFileSync(mapFile, 'utf8');
    } catch {
      map = undefined;
    }
    const next = withDirective(sources.get(file)!, map);
    writeFileSync(file, next.source);
    if (next.map !== undefined) writeFileSync(mapFile, next.map);
    marked.push(relative(dist, file));
  }
  return marked.sort();
}
