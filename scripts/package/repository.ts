/**
 * The one place that names the project's public repository. Packing derives every published
 * `repository`, `homepage` and `bugs` field and every README link from it.
 */
export const REPOSITORY = 'https://github.com/cascadekit/cascadekit';

/** The branch whose files published links point at. */
export const BRANCH = 'main';

/** A repository file (or folder) as GitHub shows it; `path` is relative to the repository root. */
export function repositoryUrl(path: string, anchor = ''): string {
  return `${REPOSITORY}/blob/${BRANCH}/${path}${anchor}`;
}
