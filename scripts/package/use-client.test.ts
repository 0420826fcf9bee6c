import { describe, expect, it } from 'vitest';
import { clientModules, isClientSpecifier, withDirective } from './use-client';

const modules = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([name, source]) => [`/dist/${name}`, source]));

describe("'use client' placement", () => {
  it('treats React-bound imports as client-only, the JSX runtime and vanilla stores as shared', () => {
    for (const specifier of [
      'react',
      'react-dom/client',
      '@tanstack/react-query',
      'zustand',
      'zustand/react/shallow',
    ]) {
      expect(isClientSpecifier(specifier), specifier).toBe(true);
    }
    for (const specifier of ['react/jsx-runtime', 'zustand/vanilla', 'diff', '@cascadekit/core', 'preact-like']) {
      expect(isClientSpecifier(specifier), specifier).toBe(false);
    }
  });

  it('marks hook users and the components built on them, not pure helpers or the barrel', () => {
    const client = clientModules(
      modules({
        'index.js': "export { Chat } from './chat.js';\nexport { format } from './format.js';\n",
        'context.js': "import { createContext, useContext } from 'react';\nexport const Ctx = createContext(null);\n",
        'part.js':
          "import { jsx } from 'react/jsx-runtime';\nimport { Ctx } from './context.js';\nexport const Part = () => jsx('p', {});\n",
        'chat.js': "import { Part } from './part.js';\nexport const Chat = Object.assign(() => null, { Part });\n",
        'format.js': "import { answerText } from '@cascadekit/core';\nexport const format = (x) => answerText(x);\n",
        'view.js':
          "import { jsx } from 'react/jsx-runtime';\nimport { format } from './format.js';\nexport const V = () => jsx('b', {});\n",
      }),
    );
    expect([...client].sort()).toEqual(['/dist/chat.js', '/dist/context.js', '/dist/part.js']);
  });

  it('puts the directive first and moves the source map down one line', () => {
    const map = JSON.stringify({ version: 3, sources: ['../src/a.tsx'], mappings: 'AAAA;AACA' });
    const out = withDirective('import x from "react";\n', map);
    expect(out.source.startsWith("'use client';\nimport x")).toBe(true);
    expect(JSON.parse(out.map!).mappings).toBe(';AAAA;AACA');
    expect(withDirective('a;\n').map).toBeUndefined();
  });
});
