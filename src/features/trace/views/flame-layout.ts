// The flame graph's layout: a time-positioned icicle of the span tree (x is time, width is
// duration) in which siblings that overlap in time go on separate lanes, as flame charts do, so no
// frame is painted over another (docs/decisions/0188-flame-lanes-and-theme-marks.md).
//
// Lanes. Each span's subtree occupies a band of chart rows: the span's own row, then its children's
// lanes below it. A parent's children, taken by the start of their subtrees, go on the first lane
// whose subtrees have all ended (interval-graph colouring); a lane is as tall as its tallest subtree.
// Subtree time extents (not the span's own interval) decide, so a child that outlives its parent
// (a Kafka consumer after the request) never lands on another subtree. All passes are iterative.
//
// Pixels. Each chart row is laid out into one pixel row: `owner[px]` is the span drawn at that pixel,
// `small[px]` counts the spans narrower than a pixel that fall there. Cost per chart row: the spans of
// that row inside the zoomed subtree plus the width, never per frame
// (docs/decisions/0111-flame-graph-per-pixel.md).
import type { SpanTable } from '../../../model/types.ts';
import { assignLanes, LaneScratch } from './lanes.ts';

export interface FlameIndex {
  /** Rows ordered by chart lane, and within a lane in tree (preorder) order. */
  byLane: Uint32Array;
  /** Rows on chart lane l are byLane[laneStart[l] .. laneStart[l + 1]). Length laneCount + 1. */
  laneStart: Uint32Array;
  /** Chart lane (row of the picture, 0 at the top) of each span. */
  lane: Uint32Array;
  /** Chart lanes the span's subtree takes, its own included (its band is lane .. lane + height). */
  height: Uint32Array;
  /** Preorder position of each row, and the size of its subtree (itself included). */
  pre: Uint32Array;
  size: Uint32Array;
  laneCount: number;
}
/**
 * Breadth-first order, preorder and subtree sizes, subtree time extents and band heights bottom-up,
 * then lanes top-down: every pass a loop over typed arrays.
 */
export function flameIndex(table: SpanTable, roots: Uint32Array): FlameIndex {
  const n = table.count;
  const { childStart, children } = table;
  const bfs = new Uint32Array(n);
  let tail = 0;
  for (let i = 0; i < roots.length; i++) bfs[tail++] = roots[i];
  for (let head = 0; head < tail; head++) {
    const row = bfs[head];
    for (let c = childStart[row]; c < childStart[row + 1]; c++) bfs[tail++] = children[c];
  }
  // Preorder with an explicit stack.
  const pre = new Uint32Array(n);
  const preorder = new Uint32Array(tail);
  const stack = new Uint32Array(n + 1);
  let top = 0;
  let at = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack[top++] = roots[r];
  while (top > 0) {
    const row = stack[--top];
    preorder[at] = row;
    pre[row] = at++;
    for (let c = childStart[row + 1]; c > childStart[row]; c--) stack[top++] = children[c - 1];
  }
  // Bottom-up (reverse breadth-first: children before parents): sizes and subtree extents.
  const size = new Uint32Array(n).fill(1);
  const extFrom = new Float64Array(n);
  const extTo = new Float64Array(n);
  for (let i = 0; i < tail; i++) {
    const row = bfs[i];
    extFrom[row] = table.start[row];
    extTo[row] = table.start[row] + Math.max(0, table.duration[row]);
  }
  for (let i = tail - 1; i >= 0; i--) {
    const row = bfs[i];
    const parent = table.parent[row];
    if (parent < 0) continue;
    size[parent] += size[row];
    if (extFrom[row] < extFrom[parent]) extFrom[parent] = extFrom[row];
    if (extTo[row] > extTo[parent]) extTo[parent] = extTo[row];
  }
  // Bottom-up again: lanes among each span's children, band heights, each child's offset below its
  // parent. The roots are the children of the chart's top, with no row of their own.
  const height = new Uint32Array(n);
  const offset = new Uint32Array(n);
  const laneOf = new Uint32Array(n);
  const items = new Uint32Array(n);
  const laneHeight = new Uint32Array(n + 1);
  const scratch = new LaneScratch(n);
  const byExtent = (a: number, b: number) => extFrom[a] - extFrom[b] || pre[a] - pre[b];
  const pack = (group: ArrayLike<number>, from: number, to: number, below: number): number => {
    const k = to - from;
    if (k === 0) return 0;
    if (k === 1) {
      offset[group[from]] = below;
      return height[group[from]];
    }
    for (let i = 0; i < k; i++) items[i] = group[from + i];
    let sorted = true;
    for (let i = 1; i < k && sorted; i++) sorted = byExtent(items[i - 1], items[i]) <= 0;
    if (!sorted) items.subarray(0, k).sort(byExtent);
    const lanes = assignLanes(items, 0, k, extFrom, extTo, laneOf, scratch);
    laneHeight.fill(0, 0, lanes + 1);
    for (let i = 0; i < k; i++) {
      const item = items[i];
      if (height[item] > laneHeight[laneOf[item]]) laneHeight[laneOf[item]] = height[item];
    }
    // Lane tops as running sums, stored in place of the heights (one slot past the last: the total).
    let sum = 0;
    for (let l = 0; l <= lanes; l++) {
      const h = laneHeight[l];
      laneHeight[l] = sum;
      sum += h;
    }
    for (let i = 0; i < k; i++) offset[items[i]] = below + laneHeight[laneOf[items[i]]];
    return sum;
  };
  for (let i = tail - 1; i >= 0; i--) {
    const row = bfs[i];
    height[row] = 1 + pack(children, childStart[row], childStart[row + 1], 1);
  }
  const laneCount = pack(roots, 0, roots.length, 0);
  // Top-down: each span's lane from its parent's.
  const lane = new Uint32Array(n);
  for (let i = 0; i < tail; i++) {
    const row = bfs[i];
    const parent = table.parent[row];
    lane[row] = (parent >= 0 ? lane[parent] : 0) + offset[row];
  }
  // Rows by lane, in preorder inside a lane (a counting sort over the preorder list).
  const laneStart = new Uint32Array(laneCount + 1);
  for (let i = 0; i < tail; i++) laneStart[lane[preorder[i]] + 1]++;
  for (let l = 0; l < laneCount; l++) laneStart[l + 1] += laneStart[l];
  const fill = laneStart.slice(0, laneCount);
  const byLane = new Uint32Array(tail);
  for (let i = 0; i < tail; i++) byLane[fill[lane[preorder[i]]]++] = preorder[i];
  return { byLane, laneStart, lane, height, pre, size, laneCount };
}

export interface FlameViewport {
  /** Zoom root row, or -1 for the whole trace. */
  root: number;
  /** Time window in ns from the trace start. */
  from: number;
  to: number;
  /** Pixels across. */
  width: number;
}

export interface FlameLaneLayout {
  owner: Int32Array;
  small: Uint32Array;
}

/** Slice of `index.byLane` on chart lane `lane` that lies inside the subtree of `root` (all of it for -1). */
export function laneRange(index: FlameIndex, lane: number, root: number): [number, number] {
  if (lane >= index.laneCount) return [0, 0];
  let lo = index.laneStart[lane];
  let hi = index.laneStart[lane + 1];
  if (root < 0) return [lo, hi];
  const first = index.pre[root];
  const last = first + index.size[root];
  const lowerBound = (value: number, from: number, to: number) => {
    while (from < to) {
      const mid = (from + to) >>> 1;
      if (index.pre[index.byLane[mid]] < value) from = mid + 1;
      else to = mid;
    }
    return from;
  };
  lo = lowerBound(first, lo, hi);
  hi = lowerBound(last, lo, hi);
  return [lo, hi];
}

export function layoutLane(
  index: FlameIndex,
  table: SpanTable,
  view: FlameViewport,
  lane: number,
): FlameLaneLayout {
  const width = Math.max(1, Math.floor(view.width));
  const owner = new Int32Array(width).fill(-1);
  const small = new Uint32Array(width);
  // `next[p]`: the first pixel at or after p not yet owned (painting back to front, the last span
  // in tree order wins, and each pixel is claimed once).
  const next = new Int32Array(width + 1);
  for (let p = 0; p <= width; p++) next[p] = p;
  const find = (p: number) => {
    let q = p;
    while (next[q] !== q) q = next[q];
    let r = p;
    while (next[r] !== q) {
      const up = next[r];
      next[r] = q;
      r = up;
    }
    return q;
  };
  const [lo, hi] = laneRange(index, lane, view.root);
  const span = view.to - view.from;
  if (!(span > 0)) return { owner, small };
  const scale = width / span;
  for (let i = hi - 1; i >= lo; i--) {
    const row = index.byLane[i];
    const start = table.start[row];
    const x0 = (start - view.from) * scale;
    const x1 = (start + table.duration[row] - view.from) * scale;
    if (x1 < 0 || x0 >= width) continue;
    let p0 = Math.max(0, Math.floor(x0));
    let p1 = Math.min(width, Math.ceil(x1));
    if (x1 - x0 < 1) {
      if (p0 >= width) p0 = width - 1;
      small[p0]++;
      p1 = p0 + 1;
    }
    for (let p = find(p0); p < p1; p = find(p + 1)) {
      owner[p] = row;
      next[p] = p + 1;
    }
  }
  return { owner, small };
}

export interface FlameRun {
  row: number;
  x: number;
  width: number;
}

/** Consecutive pixels with the same owner as one rectangle each (what the canvas draws). */
export function runsOf(layout: FlameLaneLayout): FlameRun[] {
  const runs: FlameRun[] = [];
  const { owner } = layout;
  let p = 0;
  while (p < owner.length) {
    const row = owner[p];
    let q = p + 1;
    while (q < owner.length && owner[q] === row) q++;
    if (row >= 0) runs.push({ row, x: p, width: q - p });
    p = q;
  }
  return runs;
}

/** The zoom root's ancestors, outermost first, ending with the root itself. */
export function breadcrumbsOf(table: SpanTable, root: number): number[] {
  const chain: number[] = [];
  for (let row = root; row >= 0; row = table.parent[row]) chain.push(row);
  return chain.reverse();
}
