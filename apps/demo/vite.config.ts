import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sourceResolve } from '../../vite.shared';

/** The demo page. `server.ts` mounts this config in middleware mode (dev) or serves its build (`--prod`). */
export default defineConfig({
  ...sourceResolve,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
