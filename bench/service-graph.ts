// Benchmark of the trace's Graph view (a script, not a test): pairing the calls and laying the graph
// out with dagre, as the worker does it, on a generated 100,000-span trace over 200 services where
// each service calls three others (the shape of a real system, not a random mesh).
// Run: npx tsx bench/service-graph.ts [--quick]. Budget (issue 17): ≤ 1 s for pairing + layout.
import { criticalPath } from '../src/analysis/index.ts';
import { traceFromColumns } from '../src/analysis/testing/trace-builder.ts';
import { seededRandom } from '../src/model/seeded-random.ts';
import { SpanFlag, SpanKind, type Trace } from '../src/model/types.ts';
import { graphView } from '../src/worker/graph-view.ts';
import { generateSkeleton } from './generate.ts';
import { median } from './measure.ts';

function generated(count: number, services: number): Trace {
  const skeleton = generateSkeleton('mixed', count, 42);
  const strings = [
    '',
    ...Array.from({ length: services }, (_, i) => `service-${i}`),
    ...Array.from({ length: 40 }, (_, i) => `operation-${i}`),
  ];
  const random = seededRandom(7);
  const kind = new Uint8Array(count);
  const flags = new Uint16Array(count);
  const serviceOf = new Uint32Array(count);
  const name = new Uint32Array(count);
  for (let row = 0; row < count; row++) {
    const p = skeleton.parent[row];
    let s = 0;
    if (p >= 0) {
      const parentService = serviceOf[p] - 1;
      // Stay in the parent's service, or call one of its three callees.
      s = random() < 0.7 ? parentService : (parentService * 7 + 1 + Math.floor(random() * 3) * 13) % services;
    }
    serviceOf[row] = 1 + s;
    kind[row] = p < 0 || s !== serviceOf[p] - 1 ? SpanKind.Server : SpanKind.Internal;
    if (p >= 0 && kind[row] === SpanKind.Server) kind[p] = SpanKind.Client;
    if (random() < 0.02) flags[row] = SpanFlag.Error;
    name[row] = services + 1 + Math.floor(random() * 40);
  }
  return traceFromColumns({
    parent: skeleton.parent,
    start: skeleton.start,
    duration: skeleton.duration,
    kind,
    flags,
    service: serviceOf,
    name,
    strings,
  });
}

const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 7;
const trace = generated(100_000, 200);
const path = criticalPath(trace);
console.log(
  `service-graph benchmark — median (best) of ${runs} runs, ms, Node ${process.version} (machine loaded)`,
);
console.log(
  '| nodes      |   spans | services drawn | edges |    pairing |     layout |      total | budget |',
);
console.log(
  '| ---------- | ------: | -------------: | ----: | ---------: | ---------: | ---------: | -----: |',
);
for (const byOperation of [false, true]) {
  const pair: number[] = [];
  const layout: number[] = [];
  const total: number[] = [];
  let nodes = 0;
  let edges = 0;
  let folded = false;
  for (let i = 0; i <= runs; i++) {
    const begin = performance.now();
    const view = graphView(trace, path, byOperation);
    const elapsed = performance.now() - begin;
    nodes = view.nodes.length;
    folded = view.operationsFolded;
    edges = view.edges.length;
    if (i === 0) continue; // warm-up
    pair.push(view.pairMs);
    layout.push(view.layoutMs);
    total.push(elapsed);
  }
  const cell = (values: number[]) =>
    `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)})`.padStart(10);
  console.log(
    `| ${(byOperation ? (folded ? 'ops→folded' : 'operations') : 'services').padEnd(10)} | ${String(trace.table.count).padStart(7)} | ${String(nodes).padStart(14)} | ${String(edges).padStart(5)} | ${cell(pair)} | ${cell(layout)} | ${cell(total)} | ${byOperation ? '     —' : ' 1000'} |`,
  );
}
