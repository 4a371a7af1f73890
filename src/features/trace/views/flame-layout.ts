// The flame graph's layout: an icicle of the span tree where x is time and width is duration.
// Each depth is laid out into one pixel row: `owner[px]` is the span drawn at that pixel (the last
// one in tree order that covers it, as painting them in order would show), `small[px]` counts the
// spans narrower than a pixel that fall there. Cost per depth: the spans of that depth inside the
// zoomed subtree plus the width, never per frame (docs/decisions/0111-flame-graph-per-pixel.md).
import type { SpanTable } from '../../../model/types.ts';

export interface FlameIndex {
  /** Rows ordered by depth, and within a depth in tree (preorder) order. */
  byDepth: Uint32Array;
  /** Rows of depth d are byDepth[depthStart[d] .. depthStart[d + 1]). Length maxDepth + 2. */
  depthStart: Uint32Array;
  /** Preorder position of each row, and the size of its subtree (itself included). */
  pre: Uint32Array;
  size: Uint32Array;
  /** Depth of each row below its root (0 for roots). */
  level: Uint32Array;
  maxDepth: number;
}

/** Breadth-first over the CSR children from the roots: depth order with preorder inside a depth. */
export function flameIndex(table: SpanTable, roots: Uint32Array): FlameIndex {
  const n = table.count;
  const byDepth = new Uint32Array(n);
  const level = new Uint32Array(n);
  let tail = 0;
  for (let i = 0; i < roots.length; i++) byDepth[tail++] = roots[i];
  for (let head = 0; head < tail; head++) {
    const row = byDepth[head];
    for (let c = table.childStart[row]; c < table.childStart[row + 1]; c++) {
      const child = table.children[c];
      level[child] = level[row] + 1;
      byDepth[tail++] = child;
    }
  }
  const maxDepth = tail > 0 ? level[byDepth[tail - 1]] : 0;
  const depthStart = new Uint32Array(maxDepth + 2);
  for (let i = 0; i < tail; i++) depthStart[level[byDepth[i]] + 1]++;
  for (let d = 0; d <= maxDepth; d++) depthStart[d + 1] += depthStart[d];
  // Preorder with an explicit stack; subtree sizes from the reverse breadth-first order.
  const pre = new Uint32Array(n);
  const stack = new Uint32Array(n + 1);
  let top = 0;
  let at = 0;
  for (let r = roots.length - 1; r >= 0; r--) stack[top++] = roots[r];
  while (top > 0) {
    const row = stack[--top];
    pre[row] = at++;
    for (let c = table.childStart[row + 1]; c > table.childStart[row]; c--)
      stack[top++] = table.children[c - 1];
  }
  const size = new Uint32Array(n).fill(1);
  for (let i = tail - 1; i >= 0; i--) {
    const row = byDepth[i];
    const parent = table.parent[row];
    if (parent >= 0) size[parent] += size[row];
  }
  return { byDepth: byDepth.subarray(0, tail), depthStart, pre, size, level, maxDepth };
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

export interface FlameDepthLayout {
  owner: Int32Array;
  small: Uint32Array;
}

/** Slice of `index.byDepth` at `depth` that lies inside the subtree of `root` (all of it for -1). */
export function depthRange(index: FlameIndex, depth: number, root: number): [number, number] {
  if (depth > index.maxDepth) return [0, 0];
  let lo = index.depthStart[depth];
  let hi = index.depthStart[depth + 1];
  if (root < 0) return [lo, hi];
  const first = index.pre[root];
  const last = first + index.size[root];
  const lowerBound = (value: number, from: number, to: number) => {
    while (from < to) {
      const mid = (from + to) >>> 1;
      if (index.pre[index.byDepth[mid]] < value) from = mid + 1;
      else to = mid;
    }
    return from;
  };
  lo = lowerBound(first, lo, hi);
  hi = lowerBound(last, lo, hi);
  return [lo, hi];
}

export function layoutDepth(
  index: FlameIndex,
  table: SpanTable,
  view: FlameViewport,
  depth: number,
): FlameDepthLayout {
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
  const [lo, hi] = depthRange(index, depth, view.root);
  const span = view.to - view.from;
  if (!(span > 0)) return { owner, small };
  const scale = width / span;
  for (let i = hi - 1; i >= lo; i--) {
    const row = index.byDepth[i];
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
export function runsOf(layout: FlameDepthLayout): FlameRun[] {
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
