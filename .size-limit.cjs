// Bundle-size budgets (issue 5, item 1d). `pnpm size` fails when a budget is exceeded.
// Measured on the TypeScript source entry, bundled and minified by esbuild (the same code as the
// built dist), gzip, everything a user ships included except the peers react/react-dom.
// Figures of the alternatives and the reasoning behind each budget: bench/README.md.
const source = (config) => ({ ...config, conditions: ['@cascadekit/source', ...(config.conditions ?? [])] });

module.exports = [
  {
    name: '@cascadekit/core',
    path: 'packages/core/src/index.ts',
    import: '*',
    gzip: true,
    limit: '8 kB',
    modifyEsbuildConfig: source,
  },
];
