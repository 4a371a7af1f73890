// Benchmark of the flame graph's lane layout (a script, not a test): the index (breadth-first,
// preorder, subtree extents, lanes) and one pixel row per lane, on the generated shapes of
// bench/generate.ts. Run: npx tsx bench/flame.ts. Prints medians of several runs; budget: 100k
// spans ≤ 100 ms for the index on every shape (it runs once per trace, on the main thread).
import { traceFromColumns } from '../src/analysis/testing/trace-builder.ts';
import { flameIndex, layoutLane } from '../src/features/trace/views/flame-layout.ts';
import { generateSkeleton, type TraceShape } from './generate.ts';

const SHAPES: TraceShape[] = ['mixed', 'chain', 'wide', 'sequential'];
const COUNT = 100_000;
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(work: () => void): number {
  work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const begin = performance.now();
    work();
    samples.push(performance.now() - begin);
  }
  return median(samples);
}

console.log(`flame lanes, ${COUNT.toLocaleString('en')} spans, median of ${RUNS} runs`);
console.log('shape       index ms   lanes    first 50 lanes at 1600 px, ms');
for (const shape of SHAPES) {
  const skeleton = generateSkeleton(shape, COUNT, 42);
  const trace = traceFromColumns({
    parent: skeleton.parent,
    start: skeleton.start,
    duration: skeleton.duration,
  });
  let index = flameIndex(trace.table, trace.roots);
  const indexMs = time(() => {
    index = flameIndex(trace.table, trace.roots);
  });
  const view = { root: -1, from: 0, to: trace.durationNs, width: 1600 };
  const pixelsMs = time(() => {
    for (let lane = 0; lane < Math.min(50, index.laneCount); lane++)
      layoutLane(index, trace.table, view, lane);
  });
  console.log(
    `${shape.padEnd(10)} ${indexMs.toFixed(1).padStart(9)} ${String(index.laneCount).padStart(7)} ${pixelsMs.toFixed(1).padStart(9)}`,
  );
}
