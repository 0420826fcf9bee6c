// Bundle-size budgets (issue 5, item 1d). `pnpm size` fails when a budget is exceeded.
// Measured on the TypeScript source entry, bundled and minified by esbuild (the same code as the
// built dist), gzip, everything a user ships included except the peers: react, react-dom and
// @tanstack/react-query (an app shares one QueryClient with cascadekit, so it brings its own).
// Figures of the alternatives and the reasoning behind each budget: bench/README.md.
// Budgets sit just above the measured figures: lower them when a change makes a bundle smaller.
// Issue 9 raised three (core 6.6 → 7.9, start 13.6 → 14.3, all 16.8 → 17.4 kB): the decoder checks
// every event's shape (~0.6 kB in each bundle), and early accept and the answer views moved from
// react into core (core +0.6 kB; react's bundles about even).
// Issue 12 (whileRefining and several turns at once, plain-words statuses, labels, asChild, copy,
// regenerate, edit, feedback, time, cost, highlighting, comparison, timeline): core 7.9 → 8.6 kB;
// the drop-in's start stays under the 16 kB ceiling because everything a message shows
// besides its status and text is a chunk of its own (entries below), and the all-exports figure
// now leaves lazy chunks apart like the start figure (Shiki alone is ~37 kB gzip).
// Issue 12's `persist`: core 8.6 → 9.4 kB, almost all of it the adapters and PersistError that core
// exports for apps to build on (`localStorageAdapter`, `indexedDbAdapter` with idb-keyval ~0.4 kB);
// the client itself loads its persistence machinery as a chunk (entries below), so the drop-in's
// start figure holds them out: an app that never passes `persist` ships none of it.
// Issue 10's rescue and issue 15's delta batching, merged together: core 9.4 → 9.5 kB, headless
// 14.8 → 14.9, all exports 21.5 → 21.6 (measured 9.44, 14.81, 21.52: a failed lane's `code` and
// `retryAfterMs` checked by the decoder, consecutive deltas reduced as one); the drop-in's start
// stays under the 16 kB at 15.99 kB.
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

const lazyChunk = (name, path, imports, limit) => ({
  name,
  path,
  import: imports,
  gzip: true,
  ignore: peers,
  limit,
  modifyEsbuildConfig: atStart,
});

module.exports = [
  {
    name: '@cascadekit/core (all exports)',
    path: 'packages/core/src/index.ts',
    import: '*',
    gzip: true,
    limit: '9.5 kB',
    // `persist` loads its machinery as a chunk (entry below), like the react kit's lazy parts.
    modifyEsbuildConfig: atStart,
  },
  {
    // What an app ships at start for the drop-in chat: react kit + core + zustand + eventsource-parser.
    // Issue 12's ceiling is 16 kB with every new feature; what the chat loads after it mounts is below.
    name: '@cascadekit/react `<CascadeChat>` (with core and deps, loaded at start)',
    path: 'packages/react/src/index.ts',
    import: '{ CascadeChat }',
    gzip: true,
    ignore: peers,
    limit: '16 kB',
    modifyEsbuildConfig: atStart,
  },
  {
    // An app built from hooks and a few headless parts: must ship measurably less than the drop-in.
    name: '@cascadekit/react headless (useCascadeChat + Root, Messages, Message, Text, Composer)',
    path: 'packages/react/src/index.ts',
    import: '{ useCascadeChat, ChatRoot, ChatMessages, ChatMessage, ChatText, ChatComposer }',
    gzip: true,
    ignore: peers,
    limit: '14.9 kB',
    modifyEsbuildConfig: atStart,
  },
  // Chunks loaded after start, each with its own budget (static imports of other chunks' shared
  // modules are counted in each, so these overlap; they are upper bounds per download).
  lazyChunk(
    '<CascadeChat> message actions chunk (copy, retry, regenerate, edit, feedback, show changes, time, cost, trace, health; loaded when the chat mounts)',
    'packages/react/src/chat/message-extras.tsx',
    '{ MessageExtras, Health, JumpToLatest }',
    '5 kB',
  ),
  lazyChunk(
    'persistence chunk (restore, throttled saving, the saved format check and the localStorage adapter; loaded when a client is created with `persist`)',
    'packages/core/src/persist/persist-conversation.ts',
    '{ persistConversation }',
    // An upper bound like the others: the answer reducer and event shapes it shares with core are
    // counted here too; in the demo's Vite build the chunk itself is 2.25 kB gzip.
    '4.3 kB',
  ),
  lazyChunk(
    'IndexedDB adapter chunk (idb-keyval; loaded with `persist: { storage: "indexeddb" }`)',
    'packages/core/src/persist/indexed-db.ts',
    '{ indexedDbAdapter }',
    '0.45 kB',
  ),
  lazyChunk(
    'comparison chunk ("Show changes": draft and final rendered side by side, changed sentences marked)',
    'packages/react/src/view/changes-view.tsx',
    '{ ChangesView }',
    '3.7 kB',
  ),
  lazyChunk(
    'swap marks chunk (changed sentences marked at the swap)',
    'packages/react/src/view/swap-marks.ts',
    '{ markChanges }',
    '0.75 kB',
  ),
  lazyChunk(
    'trace chunk (facts, timeline picture, attempts table; loaded on first open)',
    'packages/react/src/view/trace-details.tsx',
    '{ TraceDetails }',
    '3.3 kB',
  ),
  lazyChunk(
    'code highlighter chunk (Shiki primitive + JavaScript regex engine + theme; loaded on the first closed code block)',
    'packages/react/src/highlight/highlight.ts',
    '{ highlight }',
    '37.5 kB',
  ),
  {
    name: 'one grammar chunk: TypeScript (each language loads on first use)',
    path: 'node_modules/.pnpm/node_modules/@shikijs/langs/dist/typescript.mjs',
    import: '*',
    gzip: true,
    limit: '15.8 kB',
  },
  {
    // Everything an app could import statically: every part, hook and view, and mergeDiff (jsdiff).
    name: '@cascadekit/react (all exports, with core and deps; lazy chunks apart)',
    path: 'packages/react/src/index.ts',
    import: '*',
    gzip: true,
    ignore: peers,
    limit: '21.6 kB',
    modifyEsbuildConfig: atStart,
  },
];
