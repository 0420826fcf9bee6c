import { BRANCH, REPOSITORY } from './repository';

/** The workspace-only export condition that points in-repo consumers at the TypeScript sources. */
export const SOURCE_CONDITION = '@cascadekit/source';

/** An `exports` value: a path, a list of fallbacks, conditions, or `null` (hidden). */
export type ExportsValue = string | null | ExportsValue[] | { [key: string]: ExportsValue };

/** The fields of a package.json that packing reads or writes. */
export interface Manifest {
  name: string;
  version: string;
  exports?: ExportsValue;
  types?: string;
  typesVersions?: Record<string, Record<string, string[]>>;
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** `exports` without the source condition, at every depth: what a consumer resolves. */
export function publishedExports(value: ExportsValue): ExportsValue {
  if (value === null || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(publishedExports);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, publishedExports(inner)]),
  );
}

/** The first `types` target of one export entry, if it has one. */
function typesTarget(value: ExportsValue): string | undefined {
  if (value === null || typeof value === 'string') return undefined;
  if (Array.isArray(value)) return value.map(typesTarget).find(Boolean);
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'types' && typeof inner === 'string') return inner;
    const nested = typesTarget(inner);
    if (nested) return nested;
  }
  return undefined;
}

/** Subpath entries (`"."`, `"./node"` …) of an `exports` object; a bare target is the root entry. */
export function exportEntries(exports: ExportsValue | undefined): [string, ExportsValue][] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string' || Array.isArray(exports)) return [['.', exports]];
  const keys = Object.keys(exports);
  return keys.every((key) => key.startsWith('.')) ? Object.entries(exports) : [['.', exports]];
}

/**
 * The type fields for resolvers that know no `exports` (TypeScript's `node10`): `types` for the
 * root entry and `typesVersions` for each typed subpath, both read off `exports`.
 */
export function legacyTypes(exports: ExportsValue): Pick<Manifest, 'types' | 'typesVersions'> {
  const result: Pick<Manifest, 'types' | 'typesVersions'> = {};
  const subpaths: Record<string, string[]> = {};
  for (const [subpath, value] of exportEntries(exports)) {
    const types = typesTarget(value);
    if (!types) continue;
    if (subpath === '.') result.types = types;
    else subpaths[subpath.slice(2)] = [types];
  }
  if (Object.keys(subpaths).length > 0) result.typesVersions = { '*': subpaths };
  return result;
}

/**
 * The package.json that ships, derived from the workspace one at pack time so that a path changed
 * in the workspace `exports` cannot drift from what is published: the source condition removed,
 * `types`/`typesVersions` for node10 resolution, repository links from {@link REPOSITORY}, and no
 * scripts or devDependencies (nothing a consumer runs). `directory` is the package's folder relative to the repository root.
 */
export function publishedManifest(workspace: Manifest, directory: string): Manifest {
  const { devDependencies: _dev, scripts: _scripts, types: _types, typesVersions: _versions, ...rest } = workspace;
  const exports = workspace.exports === undefined ? undefined : publishedExports(workspace.exports);
  return {
    ...rest,
    ...(exports === undefined ? {} : { exports, ...legacyTypes(exports) }),
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory },
    homepage: `${REPOSITORY}/tree/${BRANCH}/${directory}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
  };
}
