// Bundle-size budgets (issue 5, item 1d). `pnpm size` fails when a budget is exceeded.
// Measured on the TypeScript source entry, bundled and minified by esbuild (the same code as the
// built dist), gzip, everything a user ships included except the peers react/react-dom.
// Figures of the alternatives and the reasoning behind each budget: bench/README.md.
const source = (config) => ({ ...config, conditions: ['@cascadekit/source', ...(config.conditions ?? [])] });
const peers = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];

module.exports = [
  {
    name: '@cascadekit/core (all exports)',
    path: 'packages/core/src/index.ts',
    import: '*',
    gzip: true,
    limit: '8 kB',
    modifyEsbuildConfig: source,
  },
  {
    // What an app ships for the drop-in chat: react kit + core + react-query + zustand.
    name: '@cascadekit/react <CascadeChat> (with core and deps)',
    path: 'packages/react/src/index.ts',
    import: '{ CascadeChat }',
    gzip: true,
    ignore: peers,
    limit: '26 kB',
    modifyEsbuildConfig: source,
  },
  {
    name: '@cascadekit/react (all exports, with core and deps)',
    path: 'packages/react/src/index.ts',
    import: '*',
    gzip: true,
    ignore: peers,
    limit: '26 kB',
    modifyEsbuildConfig: source,
  },
];
