// Sizes of the alternatives, measured with the same tool and settings as the root budgets
// (esbuild, minified, gzip, react/react-dom excluded). Run: `pnpm --filter @cascadekit/bench size:alternatives`.
const peers = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];

module.exports = [
  { name: '@ai-sdk/react useChat (ai 6)', path: 'size/ai-sdk-use-chat.js', gzip: true, ignore: peers },
  {
    name: '@assistant-ui/react 0.15.22 minimal thread',
    path: 'size/assistant-ui-thread.tsx',
    gzip: true,
    ignore: peers,
    // Its JSX, compiled as an app's bundler would.
    modifyEsbuildConfig: (config) => ({ ...config, jsx: 'automatic' }),
  },
];
