// Benchmark of the analyses (a script, not a test): critical path + dark time, and statistics, on
// the deterministic generated traces of bench/generate.ts. Run: npx tsx bench/analysis.ts [--quick]
// Prints medians of several runs. Budgets (issue 3): 100k spans: cp + dark ≤ 50 ms on every shape,
// statistics ≤ 50 ms; 1M spans: cp + dark ≤ 500 ms.
import { criticalPath, darkTime, statistics } from '../src/analysis/index.ts';
import { traceFromColumns } from '../src/analysis/testing/trace-builder.ts';
import { seededRandom } from '../src/model/seeded-random.ts';
import { SpanFlag, SpanKind, type Trace } from '../src/model/types.ts';
import { generateSkeleton, type TraceShape } from './generate.ts';
import { time } from './measure.ts';

/**
 * The table of a generated trace (bench/generate.ts, the same shapes and seed the decode benchmark
 * encodes), built straight from its skeleton: the analyses read only the table, so decoding is not
 * needed here. Kinds, errors (2%) and operation names are filled deterministically.
 */
function generated(shape: TraceShape, count: number): Trace {
  const skeleton = generateSkeleton(shape, count, 42);
  const strings = [
    '',
    ...Array.from({ length: 32 }, (_, i) => `service-${i}`),
    ...Array.from({ length: 40 }, (_, i) => `operation-${i}`),
  ];
  const random = seededRandom(7);
  const kind = new Uint8Array(count);
  const flags = new Uint16Array(count);
  const service = new Uint32Array(count);
  const name = new Uint32Array(count);
  for (let row = 0; row < count; row++) {
    kind[row] = row === 0 ? SpanKind.Server : 1 + Math.floor(random() * 5);
    if (random() < 0.02) flags[row] = SpanFlag.Error;
    service[row] = 1 + (skeleton.service[row] % 32);
    name[row] = 33 + Math.floor(random() * 40);
  }
  return traceFromColumns({
    parent: skeleton.parent,
    start: skeleton.start,
    duration: skeleton.duration,
    kind,
    flags,
    service,
    name,
    strings,
  });
}

interface Row {
  shape: string;
  spans: number;
  cp: { median: number; best: number };
  dark: { median: number; best: number };
  cpDark: { median: number; best: number };
  stats: { median: number; best: number };
  budget: number;
}

function measure(shape: string, trace: Trace, runs: number, budget: number): Row {
  const cp = time(runs, () => criticalPath(trace));
  const path = criticalPath(trace);
  const dark = time(runs, () => darkTime(trace, path));
  const cpDark = time(runs, () => darkTime(trace, criticalPath(trace)));
  const stats = time(runs, () => statistics(trace, path));
  return { shape, spans: trace.table.count, cp, dark, cpDark, stats, budget };
}

const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 9;
const rows: Row[] = [
  measure('mixed', generated('mixed', 100_000), runs, 50),
  measure('chain 100k deep', generated('chain', 100_000), runs, 50),
  measure('50k children', generated('wide', 50_001), runs, 50),
  measure('10k sequential', generated('sequential', 10_001), runs, 50),
];
if (!quick) rows.push(measure('mixed', generated('mixed', 1_000_000), 5, 500));

const ms = (t: { median: number; best: number }) =>
  `${t.median.toFixed(1)} (${t.best.toFixed(1)})`.padStart(13);
console.log(`analysis benchmark — median (best) of ${runs} runs (1M: 5), ms, Node ${process.version}`);
console.log(
  '| shape           |     spans |            cp |          dark |       cp+dark | budget |         stats |',
);
console.log(
  '| --------------- | --------: | ------------: | ------------: | ------------: | -----: | ------------: |',
);
for (const row of rows) {
  const over = row.cpDark.median > row.budget ? ' cp+dark OVER' : '';
  const statsOver = row.spans <= 100_001 && row.stats.median > 50 ? ' stats OVER' : '';
  console.log(
    `| ${row.shape.padEnd(15)} | ${String(row.spans).padStart(9)} | ${ms(row.cp)} | ${ms(row.dark)} | ${ms(row.cpDark)} | ${String(row.budget).padStart(6)} | ${ms(row.stats)} |${over}${statsOver}`,
  );
}
