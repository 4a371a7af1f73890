// Benchmark of folding repeated siblings (decision 0191; a script, not a test): the grouping pass the
// trace screen runs once per table (groups, which hold critical-path and error spans, the URL's group
// IDs) and the waterfall's row list with every group folded or unfolded. Run: npx tsx bench/sibling-groups.ts
// Prints medians (best) of several runs. Budget: 100k spans, grouping pass ≤ 50 ms.
import { criticalPath, groupsContaining, siblingGroups } from '../src/analysis/index.ts';
import { traceFromColumns } from '../src/analysis/testing/trace-builder.ts';
import { allExpanded } from '../src/features/trace/tree/expanded.ts';
import { visibleRows } from '../src/features/trace/tree/visible-rows.ts';
import { rowSpanId } from '../src/features/trace/waterfall/span-id.ts';
import { SpanFlag, type Trace } from '../src/model/types.ts';
import { generateSkeleton, type TraceShape } from './generate.ts';
import { timeCell } from './measure.ts';

const cell = (runs: number, work: () => void) => timeCell(runs, work, 13);

/** A generated trace whose operation names repeat as an N+1 loop's do: one name per service. */
function repetitive(shape: TraceShape, count: number, namesPerService: number): Trace {
  const skeleton = generateSkeleton(shape, count, 42);
  const strings = ['', ...Array.from({ length: 32 }, (_, i) => `service-${i}`)];
  for (let i = 0; i < 32 * namesPerService; i++) strings.push(`operation-${i}`);
  const flags = new Uint16Array(count);
  const service = new Uint32Array(count);
  const name = new Uint32Array(count);
  for (let row = 0; row < count; row++) {
    if (row % 50 === 7) flags[row] = SpanFlag.Error;
    const s = skeleton.service[row] % 32;
    service[row] = 1 + s;
    name[row] = 33 + s * namesPerService + (row % namesPerService);
  }
  return traceFromColumns({
    parent: skeleton.parent,
    start: skeleton.start,
    duration: skeleton.duration,
    flags,
    service,
    name,
    strings,
  });
}

/** `loops` calls under one root, each running an N+1 loop of `perLoop` identical queries. */
function nPlusOne(loops: number, perLoop: number): Trace {
  const count = 1 + loops * (perLoop + 1);
  const parent = new Int32Array(count).fill(-1);
  const start = new Float64Array(count);
  const duration = new Float64Array(count);
  const service = new Uint32Array(count);
  const name = new Uint32Array(count);
  const flags = new Uint16Array(count);
  duration[0] = count * 1_000;
  let row = 1;
  for (let l = 0; l < loops; l++) {
    const call = row++;
    parent[call] = 0;
    start[call] = l * (perLoop + 1) * 1_000;
    duration[call] = (perLoop + 1) * 1_000;
    service[call] = 1;
    name[call] = 3;
    for (let q = 0; q < perLoop; q++, row++) {
      parent[row] = call;
      start[row] = start[call] + q * 1_000;
      duration[row] = 500 + (q % 7) * 50;
      service[row] = 2;
      name[row] = 4;
      if (q % 97 === 5) flags[row] = SpanFlag.Error;
    }
  }
  return traceFromColumns({
    parent,
    start,
    duration,
    flags,
    service,
    name,
    strings: ['', 'api', 'db', 'load page', 'SELECT'],
  });
}

/** What `useSiblingFolding` computes once per table. */
function groupingPass(trace: Trace, cpTime: Float64Array) {
  const { table } = trace;
  const groups = siblingGroups(table);
  groupsContaining(table, groups, (row) => cpTime[row] > 0);
  groupsContaining(table, groups, (row) => (table.flags[row] & SpanFlag.Error) !== 0);
  const byId = new Map<string, number>();
  for (let g = 0; g < groups.count; g++) byId.set(rowSpanId(table, table.children[groups.memberFrom[g]]), g);
  return groups;
}

const runs = process.argv.includes('--quick') ? 3 : 9;
const cases: Array<[string, Trace]> = [
  ['mixed, 1 name/svc', repetitive('mixed', 100_000, 1)],
  ['mixed, 3 names/svc', repetitive('mixed', 100_000, 3)],
  ['1k loops × 99', nPlusOne(1_000, 99)],
  ['1 loop × 100k', nPlusOne(1, 100_000)],
  ['chain 100k deep', repetitive('chain', 100_000, 1)],
];
console.log(`sibling-groups benchmark — median (best) of ${runs} runs, ms, Node ${process.version}`);
console.log(
  '| trace              |   spans | groups | grouped |  grouping pass |  rows, folded | rows, unfolded |',
);
console.log(
  '| ------------------ | ------: | -----: | ------: | -------------: | ------------: | -------------: |',
);
for (const [label, trace] of cases) {
  const cpTime = criticalPath(trace).timeOnPath;
  const groups = groupingPass(trace, cpTime);
  let grouped = 0;
  for (let g = 0; g < groups.count; g++) grouped += groups.memberTo[g] - groups.memberFrom[g];
  const expanded = allExpanded(trace.table);
  const folded = { groups, unfolded: new Uint8Array(groups.count) };
  const unfolded = { groups, unfolded: new Uint8Array(groups.count).fill(1) };
  console.log(
    `| ${label.padEnd(18)} | ${String(trace.table.count).padStart(7)} | ${String(groups.count).padStart(6)} | ${String(grouped).padStart(7)} | ${cell(runs, () => groupingPass(trace, cpTime))}  | ${cell(runs, () => visibleRows(trace.table, trace.roots, expanded, null, folded))} | ${cell(runs, () => visibleRows(trace.table, trace.roots, expanded, null, unfolded))}  |`,
  );
}
