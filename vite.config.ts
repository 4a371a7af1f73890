import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is built once with relative asset URLs and served under any base path chosen at run
// time (docs/decisions/0001-runtime-base-path.md). The dev server mounts the same gateway.
export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
});
