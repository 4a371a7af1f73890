// Benchmark of the analyses (a script, not a test): critical path + dark time, and statistics, on
// deterministic synthetic traces. Run: npx tsx bench/analysis.ts [--quick]
// Prints medians of several runs. Budgets (issue 3): 100k spans: cp + dark ≤ 50 ms on every shape,
// statistics ≤ 50 ms; 1M spans: cp + dark ≤ 500 ms.
import { criticalPath, darkTime, statistics } from '../src/analysis/index.ts';
import { traceFromColumns } from '../src/analysis/testing/trace-builder.ts';
import { SpanKind, type Trace } from '../src/model/types.ts';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

function names(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

/** A random tree: ~24 services, ~200 operations, children inside their parent except 3% overflowing. */
function mixed(n: number, seed = 42): Trace {
  const random = lcg(seed);
  const strings = ['', ...names(24, 'service'), ...names(200, 'operation')];
  const parent = new Int32Array(n);
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  const kind = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const service = new Uint32Array(n);
  const name = new Uint32Array(n);
  parent[0] = -1;
  duration[0] = 1e9;
  for (let row = 0; row < n; row++) {
    if (row > 0) {
      // Half the time a recent span (deep, narrow), half any earlier span (wide).
      const p =
        random() < 0.5 ? row - 1 - Math.floor(random() * Math.min(row, 20)) : Math.floor(random() * row);
      parent[row] = p;
      const offset = random() * duration[p] * 0.8;
      start[row] = Math.round(start[p] + offset);
      const room = duration[p] - offset;
      duration[row] = Math.max(1, Math.round(random() < 0.03 ? room * 1.5 : room * random() * 0.9));
    }
    kind[row] = random() < 0.3 ? SpanKind.Client : random() < 0.5 ? SpanKind.Server : SpanKind.Internal;
    if (random() < 0.02) flags[row] = 1;
    service[row] = 1 + Math.floor(random() * 24);
    name[row] = 25 + Math.floor(random() * 200);
  }
  return traceFromColumns({ parent, start, duration, kind, flags, service, name, strings });
}

function chain(n: number): Trace {
  const parent = Int32Array.from({ length: n }, (_, i) => i - 1);
  const start = Float64Array.from({ length: n }, (_, i) => i * 10);
  const duration = Float64Array.from({ length: n }, (_, i) => 20 * (n - i));
  return traceFromColumns({ parent, start, duration });
}

function fan(children: number, place: (i: number, random: () => number) => [number, number]): Trace {
  const random = lcg(7);
  const n = children + 1;
  const parent = new Int32Array(n);
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  parent[0] = -1;
  let end = 0;
  for (let i = 1; i < n; i++) {
    [start[i], duration[i]] = place(i - 1, random);
    end = Math.max(end, start[i] + duration[i]);
  }
  duration[0] = end + 1000;
  return traceFromColumns({ parent, start, duration });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(runs: number, work: () => void): number {
  work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const begin = performance.now();
    work();
    samples.push(performance.now() - begin);
  }
  return median(samples);
}

interface Row {
  shape: string;
  spans: number;
  cp: number;
  dark: number;
  cpDark: number;
  stats: number;
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
  measure('mixed', mixed(100_000), runs, 50),
  measure('chain 100k deep', chain(100_000), runs, 50),
  measure(
    '50k children',
    fan(50_000, (_, random) => [Math.floor(random() * 1e6), 1 + Math.floor(random() * 5e4)]),
    runs,
    50,
  ),
  measure(
    '10k sequential',
    fan(10_000, (i) => [i * 100 + 10, 90]),
    runs,
    50,
  ),
];
if (!quick) rows.push(measure('mixed', mixed(1_000_000), 5, 500));

const ms = (value: number) => value.toFixed(1).padStart(7);
console.log(`analysis benchmark — medians of ${runs} runs (1M: 5), Node ${process.version}`);
console.log('| shape           |     spans | cp (ms) | dark (ms) | cp+dark (ms) | budget | stats (ms) |');
console.log('| --------------- | --------: | ------: | --------: | -----------: | -----: | ---------: |');
for (const row of rows) {
  const over = row.cpDark > row.budget ? ' OVER' : '';
  const statsOver = row.spans <= 100_001 && row.stats > 50 ? ' OVER' : '';
  console.log(
    `| ${row.shape.padEnd(15)} | ${String(row.spans).padStart(9)} | ${ms(row.cp)} | ${ms(row.dark).padStart(9)} | ${ms(row.cpDark).padStart(12)} | ${String(row.budget).padStart(6)} | ${ms(row.stats).padStart(10)} |${over}${statsOver}`,
  );
}
