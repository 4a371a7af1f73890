// `npm pack` (and `npm publish`) around the tarball, decision 0292. Before (`prepack`):
// - builds the app when dist/ is missing or older than its sources;
// - compiles the server and the packages it runs on into JavaScript in dist-server/ (vite's SSR build
//   with every package inlined), with a query-worker entry that needs no TypeScript loader;
// - rewrites package.json for the tarball without dependencies (they are inside dist-server/) and
//   without scripts, so installing the tarball fetches nothing: it works offline and runs exactly
//   the tested versions.
// After (`postpack`): package.json is put back as it was and dist-server/ removed.
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { isDistStale, runViteBuild } from '../server/build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = path.join(root, 'package.json');
const saved = path.join(root, '.package.json.prepack');
const out = path.join(root, 'dist-server');

function restore(): void {
  if (existsSync(saved)) renameSync(saved, manifest);
  rmSync(out, { recursive: true, force: true });
}

async function prepack(): Promise<void> {
  if (isDistStale(root, path.join(root, 'dist'))) {
    process.stderr.write('prepack: building the app (dist/ is missing or older than the sources)\n');
    if (!runViteBuild(root)) throw new Error('vite build failed');
  }
  await build({
    configFile: false,
    root,
    publicDir: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: true,
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: {
          main: path.join(root, 'server/main.ts'),
          'query-worker': path.join(root, 'server/embedded/query/query-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  });
  // The pool starts `./worker-entry.mjs` beside the module that holds it (query-pool.ts → main.mjs).
  writeFileSync(path.join(out, 'worker-entry.mjs'), "import './query-worker.mjs';\n");
  if (!existsSync(saved)) copyFileSync(manifest, saved);
  const pkg = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
  const { scripts: _scripts, devDependencies: _dev, dependencies: _deps, ...rest } = pkg;
  writeFileSync(manifest, `${JSON.stringify(rest, null, 2)}\n`);
}

if (process.argv[2] === 'post') restore();
else
  await prepack().catch((error: unknown) => {
    restore();
    process.stderr.write(`prepack: ${(error as Error).message}\n`);
    process.exit(1);
  });
