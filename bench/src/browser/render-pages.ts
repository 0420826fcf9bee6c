/**
 * The pages of benchmark 1c (render cost) and which build each comes from. A group is compared
 * against its plain DOM baseline (same text, same arrival), row by row.
 */

/** A production build of bench/pages: React 19 or React 18.3, of this tree or of `BENCH_RENDER_BEFORE`. */
export type PageBuild = 'react19' | 'react18' | 'before19' | 'before18';

export type RenderGroup = 'single' | 'swap' | 'swap-500';

export interface RenderPageSpec {
  /** Unique key of the page's rows in the results. */
  id: string;
  /** The HTML entry in bench/pages, without `.html`. */
  file: string;
  build: PageBuild;
  /** Query parameters besides `tokens` and `batch`. */
  query?: string;
  group: RenderGroup;
  /** The plain DOM page the group's ratios are taken against. */
  baseline?: boolean;
  label: string;
}

/** Folder of each build under bench/.out/pages. */
export const BUILD_DIRS: Record<PageBuild, string> = {
  react19: '',
  react18: 'react18/',
  before19: 'before19/',
  before18: 'before18/',
};

const swap = (group: 'swap' | 'swap-500', query?: string): RenderPageSpec[] => {
  const suffix = group === 'swap' ? '' : '-500';
  const shared = { file: 'render-cascade-swap', group, ...(query ? { query } : {}) };
  return [
    {
      id: `render-dom-swap${suffix}`,
      file: 'render-dom-swap',
      build: 'react19',
      ...(query ? { query } : {}),
      group,
      baseline: true,
      label: 'Plain DOM: draft appended, then the final put in its place',
    },
    { ...shared, id: `render-cascade-swap${suffix}`, build: 'react19', label: '`<CascadeChat>`, React 19' },
    { ...shared, id: `render-cascade-swap${suffix}-r18`, build: 'react18', label: '`<CascadeChat>`, React 18.3' },
    {
      ...shared,
      id: `render-cascade-swap${suffix}-before`,
      build: 'before19',
      label: '`<CascadeChat>`, React 19, before (`BENCH_RENDER_BEFORE`)',
    },
    {
      ...shared,
      id: `render-cascade-swap${suffix}-before-r18`,
      build: 'before18',
      label: '`<CascadeChat>`, React 18.3, before (`BENCH_RENDER_BEFORE`)',
    },
  ];
};

export const RENDER_PAGE_SPECS: readonly RenderPageSpec[] = [
  {
    id: 'render-dom',
    file: 'render-dom',
    build: 'react19',
    group: 'single',
    label: 'Plain DOM text appends (one `<p>` per paragraph)',
  },
  {
    id: 'render-dom-follow',
    file: 'render-dom-follow',
    build: 'react19',
    group: 'single',
    baseline: true,
    label: 'Plain DOM text appends, kept scrolled to the newest line',
  },
  {
    id: 'render-cascade',
    file: 'render-cascade',
    build: 'react19',
    group: 'single',
    label: '`<CascadeChat>` (defaults: markdown, frame batching)',
  },
  {
    id: 'render-aisdk',
    file: 'render-aisdk',
    build: 'react19',
    group: 'single',
    label: 'AI SDK useChat (ai 6.0.325, @ai-sdk/react 3.0.328)',
  },
  ...swap('swap'),
  ...swap('swap-500', 'history=500'),
];

/** The HTML entries each build needs. */
export function filesOf(build: PageBuild, pages: readonly RenderPageSpec[]): string[] {
  return [...new Set(pages.filter((p) => p.build === build).map((p) => p.file))];
}

/**
 * The pages to run: all, or those whose id or group `filter` (comma-separated) names, with the
 * plain DOM baseline of each group they are in; the "before" pages only when a checkout to
 * compare against is given.
 */
export function renderPages(filter: string | undefined, withBefore: boolean): RenderPageSpec[] {
  const names = filter
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const candidates = RENDER_PAGE_SPECS.filter((p) => withBefore || !p.build.startsWith('before'));
  if (!names) return candidates;
  const chosen = candidates.filter((p) => names.includes(p.id) || names.includes(p.group));
  const groups = new Set(chosen.map((p) => p.group));
  return candidates.filter((p) => chosen.includes(p) || (p.baseline && groups.has(p.group)));
}
