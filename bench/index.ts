// `npm run bench`: runs every core benchmark one after another, each in its own Node process so
// one's heap does not disturb the next. Each prints its own table with the budgets beside the
// figures; nothing here fails on a timing. `npm run bench -- decode traceql` runs a subset.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  'decode',
  'analysis',
  'sibling-groups',
  'compare',
  'flame',
  'traceql',
  'ingest',
  'queries',
  'metrics',
  'service-graph',
  'service-graph-metrics',
  'stitch',
  'sampling',
] as const;

const wanted = process.argv.slice(2);
const chosen = wanted.length > 0 ? BENCHES.filter((name) => wanted.includes(name)) : BENCHES;
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

let failed = 0;
for (const name of chosen) {
  console.log(`\n=== bench/${name}.ts ===`);
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const run = spawnSync(tsx, [script], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`bench/${name}.ts exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
