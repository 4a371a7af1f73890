import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
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

/**
 * `.br` and `.gz` beside each built script, style and image, so the server sends them as they are
 * instead of compressing every asset on every request (decision 0343); index.html is left out, as
 * the server rewrites it at start.
 */
function precompressAssets(): Plugin {
  const compressible = /\.(js|css|svg|json|wasm|ttf)$/;
  const brotli = promisify(brotliCompress);
  const gzipped = promisify(gzip);
  return {
    name: 'tracelight-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? 'dist';
      const files = Object.keys(bundle).filter((name) => compressible.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(outDir, name);
          const bytes = await readFile(file);
          if (bytes.byteLength < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }),
            gzipped(bytes, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

// Module ids are `/`-separated on every platform.
const BOOT_MODULES = new RegExp(
  [
    '/src/app/(early-boot|base-path)\\.ts$',
    '/src/features/trace/load/early-load\\.ts$',
    '/src/contracts/',
    '/src/datasources/(config|salvage|errors|validate|http)\\.ts$',
    '/src/routes/(params|ids|trace-window|trace-links-params|trace-view-params|trace-url|compare-url)\\.ts$',
    '/src/model/ids\\.ts$',
    '/src/redact/defaults\\.ts$',
    '/src/analysis/(radix-order|compare/merge-tree)\\.ts$',
    '/src/worker/(client|compare)\\.ts$',
    '/node_modules/zod/',
    'vite/preload-helper',
  ].join('|'),
);

// The app is built once with relative asset URLs and served under any base path chosen at run
// time (docs/decisions/0001-runtime-base-path.md). The dev server mounts the same gateway.
export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss(), tracelightGateway(), precompressAssets()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      output: {
        // d3 with the charts, and RE2, each in a chunk of its own, fetched only by the screens that
        // use them: left to itself the bundler put them in chunks the app shell loads (decision 0339).
        codeSplitting: {
          // Only the named modules: their imports (React, our formatters) stay where they were.
          includeDependenciesRecursively: false,
          groups: [
            // d3-array stays out: the waterfall's axis takes its `ticks` alone.
            { name: 'charts', test: /node_modules[\\/]d3-(?!array[\\/])|[\\/]src[\\/]ui[\\/]charts[\\/]/ },
            { name: 're2', test: /node_modules[\\/]re2js[\\/]/ },
            // What the entry (src/main.tsx) imports, in one chunk beside it: the bundler otherwise splits
            // it into 8 chunks, each a request the trace's load waits for (decision 0340). A module
            // that leaves this list only costs a request; one that joins it is loaded on every page.
            { name: 'boot', test: BOOT_MODULES },
            // The small shared pieces of the screens (Select, Button…): not in some screen's chunk.
            { name: 'ui', test: /[\\/]src[\\/]ui[\\/](?!charts[\\/])/ },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
});
