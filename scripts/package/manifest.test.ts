import { describe, expect, it } from 'vitest';
import { type Manifest, publishedExports, publishedManifest } from './manifest';

const workspace: Manifest = {
  name: '@cascadekit/server',
  version: '0.1.0',
  type: 'module',
  exports: {
    '.': { '@cascadekit/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './node': {
      '@cascadekit/source': './src/node/index.ts',
      types: './dist/node/index.d.ts',
      default: './dist/node/index.js',
    },
    './styles.css': { '@cascadekit/source': './src/styles.css', default: './dist/styles.css' },
  },
  scripts: { build: 'tsc', prepack: 'x', postpack: 'y' },
  dependencies: { '@cascadekit/core': 'workspace:^' },
  devDependencies: { openai: '6.49.0' },
};

describe('publishedManifest', () => {
  it('drops the source condition at every depth and keeps the paths the workspace names', () => {
    const manifest = publishedManifest(workspace, 'packages/server');
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './node': { types: './dist/node/index.d.ts', default: './dist/node/index.js' },
      './styles.css': { default: './dist/styles.css' },
    });
    expect(JSON.stringify(manifest)).not.toContain('@cascadekit/source');
    expect(publishedExports({ import: { '@cascadekit/source': './a.ts', default: './a.js' } })).toEqual({
      import: { default: './a.js' },
    });
  });

  it('adds node10 types for the root and each typed subpath, none for assets', () => {
    const manifest = publishedManifest(workspace, 'packages/server');
    expect(manifest.types).toBe('./dist/index.d.ts');
    expect(manifest.typesVersions).toEqual({ '*': { node: ['./dist/node/index.d.ts'] } });
  });

  it('links the repository folder and leaves out what consumers never run', () => {
    const manifest = publishedManifest(workspace, 'packages/server');
    expect(manifest.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/cascadekit/cascadekit.git',
      directory: 'packages/server',
    });
    expect(manifest.homepage).toBe('https://github.com/cascadekit/cascadekit/tree/main/packages/server#readme');
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('devDependencies');
    // pnpm turns workspace:^ into ^<version> itself when it packs.
    expect(manifest.dependencies).toEqual({ '@cascadekit/core': 'workspace:^' });
  });
});
