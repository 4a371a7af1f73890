import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** `npm run dev`: the production gateway and /config.json (server/dev.ts) as dev-server middleware. */
function tracelightGateway(): Plugin {
  return {
    name: 'tracelight-gateway',
    apply: 'serve',
    async configureServer(server) {
      const { createDevGateway } = await import('./server/dev.ts');
      const gateway = await createDevGateway(process.env);
      server.middlewares.use(gateway.middleware);
      server.httpServer?.once('close', () => void gateway.close());
    },
  };
}

// The app is built once with relative asset URLs and served under any base path chosen at run
// time (docs/decisions/0001-runtime-base-path.md). The dev server mounts the same gateway.
export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss(), tracelightGateway()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
});
