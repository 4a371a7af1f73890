// Benchmark of trace compare (decisions 0240, 0241; a script, not a test): merging two traces by path
// and summing each side's figures (`compareTraces`, given the analyses the trace screen already has),
// and the whole diff from two bare traces (both sides' critical path, self and dark time, the merge
// and the headline). Run: npx tsx bench/compare.ts. Prints medians (best) of 5 runs, ms.
// Budget (issue 16): two 100k-span traces, diff ≤ 1 s in the worker.
import { compareHeadline, compareSide, compareTraces } from '../src/analysis/compare/index.ts';
import { traceFromColumns } from '../src/analysis/testing/trace-builder.ts';
import { seededRandom } from '../src/model/seeded-random.ts';
import type { Trace } from '../src/model/types.ts';
import { generateSkeleton, type TraceShape } from './generate.ts';
import { timeCell } from './measure.ts';

const cell = (runs: number, work: () => void) => timeCell(runs, work, 14);

const NAMES_PER_SERVICE = 8;

/** A generated trace; `slower` of its spans (a fraction, picked by `seed`) take 1.5× as long. */
function generated(shape: TraceShape, count: number, shapeSeed: number, slower = 0, seed = 7): Trace {
  const skeleton = generateSkeleton(shape, count, shapeSeed);
  const random = seededRandom(seed);
  const strings = ['', ...Array.from({ length: 32 }, (_, i) => `service-${i}`)];
  for (let i = 0; i < 32 * NAMES_PER_SERVICE; i++) strings.push(`operation-${i}`);
  const service = new Uint32Array(count);
  const name = new Uint32Array(count);
  const duration = skeleton.duration.slice();
  for (let row = 0; row < count; row++) {
    const s = skeleton.service[row] % 32;
    service[row] = 1 + s;
    name[row] = 33 + s * NAMES_PER_SERVICE + (row % NAMES_PER_SERVICE);
    if (random() < slower) duration[row] *= 1.5;
  }
  return traceFromColumns({
    parent: skeleton.parent,
    start: skeleton.start,
    duration,
    service,
    name,
    strings,
  });
}

/** One root with `queries` identical children (an N+1 loop). */
function nPlusOne(queries: number): Trace {
  const count = queries + 1;
  const parent = new Int32Array(count);
  const start = new Float64Array(count);
  const duration = new Float64Array(count);
  const service = new Uint32Array(count).fill(2);
  const name = new Uint32Array(count).fill(4);
  parent[0] = -1;
  service[0] = 1;
  name[0] = 3;
  duration[0] = count * 1_000;
  for (let q = 1; q < count; q++) {
    start[q] = q * 1_000;
    duration[q] = 500 + (q % 7) * 50;
  }
  return traceFromColumns({
    parent,
    start,
    duration,
    service,
    name,
    strings: ['', 'api', 'db', 'load', 'SELECT'],
  });
}

const runs = 5;
const cases: Array<[string, Trace, Trace]> = [
  ['mixed, B 10% slower', generated('mixed', 100_000, 42), generated('mixed', 100_000, 42, 0.1)],
  ['mixed, other shape', generated('mixed', 100_000, 42), generated('mixed', 100_000, 43)],
  ['N+1, 10k vs 100k', nPlusOne(10_000), nPlusOne(100_000)],
  ['chain 100k deep', generated('chain', 100_000, 42), generated('chain', 100_000, 42, 0.1)],
];
console.log(`compare benchmark — median (best) of ${runs} runs, ms, Node ${process.version}`);
console.log(
  '| traces              | spans A | spans B |  nodes |  merge (given analyses) | whole diff (budget 1000) |',
);
console.log(
  '| ------------------- | ------: | ------: | -----: | ----------------------: | -----------------------: |',
);
for (const [label, a, b] of cases) {
  const sideA = compareSide(a);
  const sideB = compareSide(b);
  const nodes = compareTraces(sideA, sideB).count;
  const merge = cell(runs, () => compareTraces(sideA, sideB));
  const whole = cell(runs, () => compareHeadline(compareTraces(compareSide(a), compareSide(b))));
  console.log(
    `| ${label.padEnd(19)} | ${String(a.table.count).padStart(7)} | ${String(b.table.count).padStart(7)} | ${String(nodes).padStart(6)} | ${merge.padStart(23)} | ${whole.padStart(24)} |`,
  );
}
