import { describe, expect, it } from 'vitest';
import { asciiTrace } from '../../../analysis/testing/ascii-trace.ts';
import { traceFromColumns } from '../../../analysis/testing/trace-builder.ts';
import { seededRandom } from '../../../model/seeded-random.ts';
import type { SpanTable, Trace } from '../../../model/types.ts';
import { breadcrumbsOf, type FlameIndex, flameIndex, laneRange, layoutLane, runsOf } from './flame-layout.ts';

const drawn = asciiTrace(`
    01234567890123456789
A   |==================|
 B  |=======|
  C  |==|
  D       |=|
 E            |=====|
  F            |=|
  G              ||
`);
const table = drawn.trace.table;
const index = flameIndex(table, drawn.trace.roots);
const names = (rows: Iterable<number>) => [...rows].map((r) => (r < 0 ? '.' : drawn.nameOf(r))).join('');

/** Every pair of spans on one lane, by their intervals: the frames a painter would put over each other. */
function overlapsOnALane(t: SpanTable, flame: FlameIndex): string[] {
  const found: string[] = [];
  for (let lane = 0; lane < flame.laneCount; lane++) {
    const rows = [...flame.byLane.subarray(flame.laneStart[lane], flame.laneStart[lane + 1])].sort(
      (a, b) => t.start[a] - t.start[b],
    );
    for (let i = 1; i < rows.length; i++) {
      const before = rows[i - 1];
      if (t.start[before] + t.duration[before] > t.start[rows[i]]) found.push(`${before}/${rows[i]}@${lane}`);
    }
  }
  return found;
}

/** Each span is below its parent. */
function aboveParents(t: SpanTable, flame: FlameIndex): number[] {
  const bad: number[] = [];
  for (let row = 0; row < t.count; row++) {
    const parent = t.parent[row];
    if (parent >= 0 && flame.lane[row] <= flame.lane[parent]) bad.push(row);
  }
  return bad;
}

describe('flame index', () => {
  it('puts sequential siblings on one lane, in tree order inside a lane', () => {
    expect(names(index.byLane)).toBe('ABECDFG');
    expect([...index.laneStart]).toEqual([0, 1, 3, 7]);
    expect(index.size[drawn.row('B')]).toBe(3);
    expect(index.size[drawn.row('A')]).toBe(7);
    expect(index.height[drawn.row('A')]).toBe(3);
  });

  it('finds the part of a lane inside a zoomed subtree', () => {
    const [lo, hi] = laneRange(index, 2, drawn.row('E'));
    expect(names(index.byLane.subarray(lo, hi))).toBe('FG');
    expect(laneRange(index, 1, drawn.row('B'))).toEqual([1, 2]);
  });
});

describe('flame lanes', () => {
  // The demo checkout's fan-out: stock and payment at the same time under one parent.
  const fanOut = asciiTrace(`
co      |==============================|
 inv     |=========|
  db      |======|
 pay      |==================|
  fraud     |=========|
   ml        |======|
  decline              |==|
 publish                      |=|
`);
  const t = fanOut.trace.table;
  const flame = flameIndex(t, fanOut.trace.roots);
  const laneOf = (name: string) => flame.lane[fanOut.row(name)];

  it('lays overlapping siblings on separate lanes, each subtree in its own band', () => {
    expect(overlapsOnALane(t, flame)).toEqual([]);
    expect(aboveParents(t, flame)).toEqual([]);
    // inv and its query take lanes 1-2; pay goes below that band, its subtree under it.
    expect([laneOf('inv'), laneOf('db')]).toEqual([1, 2]);
    expect([laneOf('pay'), laneOf('fraud'), laneOf('ml'), laneOf('decline')]).toEqual([3, 4, 5, 4]);
    // publish starts after both ended: back on the first lane.
    expect(laneOf('publish')).toBe(1);
    expect(flame.laneCount).toBe(6);
  });

  it('draws every span: none is hidden behind a sibling', () => {
    const view = { root: -1, from: 0, to: fanOut.trace.durationNs, width: 310 };
    const seen = new Set<number>();
    for (let lane = 0; lane < flame.laneCount; lane++)
      for (const run of runsOf(layoutLane(flame, t, view, lane))) seen.add(run.row);
    expect(seen.size).toBe(t.count);
  });

  it('keeps a subtree that outlives its span off the lanes of later siblings', () => {
    // Q (a consumer) runs after its producer P ended; R starts after P but while Q runs.
    const late = asciiTrace(`
A   |==========================|
 P   |==|
  Q          |=====|
 R          |======|
  S           |==|
`);
    const lt = late.trace.table;
    const lf = flameIndex(lt, late.trace.roots);
    expect(overlapsOnALane(lt, lf)).toEqual([]);
    expect(lf.lane[late.row('R')]).not.toBe(lf.lane[late.row('P')]);
  });

  it('never overlaps frames nor puts a span above its parent on a random tree', () => {
    const random = seededRandom(11);
    const n = 3000;
    const parent = new Int32Array(n).fill(-1);
    const start = new Float64Array(n);
    const duration = new Float64Array(n);
    duration[0] = 1e6;
    for (let row = 1; row < n; row++) {
      const p = Math.floor(random() * row);
      parent[row] = p;
      // Mostly inside the parent, sometimes past its end (async work, skew).
      start[row] = start[p] + random() * duration[p];
      duration[row] = random() * duration[p] * (random() < 0.1 ? 1.5 : 0.6);
    }
    const trace: Trace = traceFromColumns({ parent, start, duration });
    const flame = flameIndex(trace.table, trace.roots);
    expect(overlapsOnALane(trace.table, flame)).toEqual([]);
    expect(aboveParents(trace.table, flame)).toEqual([]);
    expect(flame.byLane.length).toBe(n);
  });

  it('lays out 50,000 parallel children on 50,000 lanes, each under the root', () => {
    const n = 50_001;
    const parent = Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0));
    const start = new Float64Array(n);
    const duration = new Float64Array(n).fill(100);
    const trace = traceFromColumns({ parent, start, duration });
    const flame = flameIndex(trace.table, trace.roots);
    expect(flame.laneCount).toBe(n);
    expect(flame.lane[n - 1]).toBe(n - 1);
  });
});

describe('flame layout', () => {
  it('gives every pixel to the span drawn there, width proportional to duration', () => {
    const view = { root: -1, from: 0, to: 20, width: 20 };
    expect(names(layoutLane(index, table, view, 0).owner)).toBe('AAAAAAAAAAAAAAAAAAA.');
    expect(names(layoutLane(index, table, view, 1).owner)).toBe('BBBBBBBB..EEEEEE....');
    const runs = runsOf(layoutLane(index, table, view, 2));
    expect(runs.map((r) => `${drawn.nameOf(r.row)}@${r.x}+${r.width}`)).toEqual([
      'C@1+3',
      'D@6+2',
      'F@11+2',
      'G@13+1',
    ]);
  });

  it('merges spans narrower than a pixel and counts them', () => {
    // 2 px for 20 ns: C (3 ns) and D (2 ns) share the first pixel, F and G the second; the later
    // span in tree order is the one drawn.
    const layout = layoutLane(index, table, { root: -1, from: 0, to: 20, width: 2 }, 2);
    expect([...layout.small]).toEqual([2, 2]);
    expect(names(layout.owner)).toBe('DG');
  });

  it('zooms into a subtree: only its spans, over its interval', () => {
    const e = drawn.row('E');
    const view = { root: e, from: table.start[e], to: table.start[e] + table.duration[e], width: 6 };
    expect(names(layoutLane(index, table, view, 1).owner)).toBe('EEEEEE');
    expect(names(layoutLane(index, table, view, 2).owner)).toBe('.FFG..');
    expect(names(layoutLane(index, table, { ...view, root: drawn.row('B') }, 2).owner)).not.toContain('F');
  });

  it('breadcrumbs run from the root to the zoomed span', () => {
    expect(names(breadcrumbsOf(table, drawn.row('G')))).toBe('AEG');
  });

  it('lays out a chain 100,000 deep without recursion', () => {
    const n = 100_000;
    const childStart = new Uint32Array(n + 1);
    const children = new Uint32Array(n - 1);
    for (let i = 0; i < n; i++) childStart[i + 1] = Math.min(i + 1, n - 1);
    for (let i = 0; i < n - 1; i++) children[i] = i + 1;
    const parent = Int32Array.from({ length: n }, (_, i) => i - 1);
    const start = new Float64Array(n);
    const duration = new Float64Array(n).fill(10);
    const chain = { ...table, count: n, childStart, children, parent, start, duration };
    const deep = flameIndex(chain, Uint32Array.of(0));
    expect(deep.laneCount).toBe(n);
    expect(deep.lane[n - 1]).toBe(n - 1);
    expect(deep.size[0]).toBe(n);
  });
});
