// Bundle-size budgets (issue 5, item 1d). `pnpm size` fails when a budget is exceeded.
// Measured on the TypeScript source entry, bundled and minified by esbuild (the same code as the
// built dist), gzip, everything a user ships included except the peers: react, react-dom and
// @tanstack/react-query (an app shares one QueryClient with cascadekit, so it brings its own).
// Figures of the alternatives and the reasoning behind each budget: bench/README.md.
// Budgets sit just above the measured figures: lower them when a change makes a bundle smaller.
// Issue 9 raised three (core 6.6 → 7.9, start 13.6 → 14.3, all 16.8 → 17.4 kB): the decoder checks
// every event's shape (~0.6 kB in each bundle), and early accept and the answer views moved from
// react into core (core +0.6 kB; react's bundles about even).
const source = (config) => ({ ...config, conditions: ['@cascadekit/source', ...(config.conditions ?? [])] });
// What loads at start: an `import()`ed module (jsdiff, loaded on the first diff view) is a chunk
// of its own in an app's bundler, so it is left out here; static imports are all counted.
const lazyChunksApart = {
  name: 'lazy-chunks-apart',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};
const atStart = (config) => ({ ...source(config), plugins: [...(config.plugins ?? []), lazyChunksApart] });
const peers = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client', '@tanstack/react-query'];

module.exports = [
  {
    name: '@cascadekit/core (all exports)',
    path: 'packages/core/src/index.ts',
    import: '*',
    gzip: true,
    limit: '7.9 kB',
    modifyEsbuildConfig: source,
  },
  {
    // What an app ships at start for the drop-in chat: react kit + core + zustand + eventsource-parser.
    name: '@cascadekit/react `<CascadeChat>` (with core and deps, loaded at start)',
    path: 'packages/react/src/index.ts',
    import: '{ CascadeChat }',
    gzip: true,
    ignore: peers,
    limit: '14.3 kB',
    modifyEsbuildConfig: atStart,
  },
  {
    // Loaded by <CascadeChat.Text> the first time an answer is shown with merge="diff".
    name: '@cascadekit/react diff view chunk (jsdiff, loaded on first use)',
    path: 'packages/react/src/view/merge-diff.ts',
    import: '{ mergeDiff }',
    gzip: true,
    limit: '2.6 kB',
    modifyEsbuildConfig: source,
  },
  {
    name: '@cascadekit/react (all exports, with core and deps)',
    path: 'packages/react/src/index.ts',
    import: '*',
    gzip: true,
    ignore: peers,
    limit: '17.4 kB',
    modifyEsbuildConfig: source,
  },
];
