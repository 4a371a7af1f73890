// What the compare screen's tree draws from the merged tree (decisions 0244, 0246): the visible
// nodes in a sort with collapsed subtrees left out, each node's subtree span counts, and the scale
// of the signed bars. Pure and iterative, so the worker computes the default ones with the diff and
// the main thread only recomputes rows when the reader changes the sort or collapses a node.
import type { TraceDiff } from './merge-tree.ts';

/** The tree's sortable columns (routes/compare-url.ts names the same ones for the URL). */
export type CompareRowSortColumn = 'critical-path' | 'self' | 'total' | 'spans' | 'operation';
export interface CompareRowSort {
  column: CompareRowSortColumn;
  descending: boolean;
}

/** The screen's default: the largest change of the subtree's critical-path time first. */
export const DEFAULT_ROW_SORT: CompareRowSort = { column: 'critical-path', descending: true };

/** Per node, the size the sort compares (|B − A| of the column); empty for the name sort. */
function sortKeys(diff: TraceDiff, column: CompareRowSortColumn): Float64Array {
  const keys = new Float64Array(column === 'operation' ? 0 : diff.count);
  const source =
    column === 'critical-path'
      ? diff.subtreeCriticalDiff
      : column === 'self'
        ? diff.selfDiff
        : column === 'total'
          ? diff.totalDiff
          : undefined;
  if (source) for (let node = 0; node < keys.length; node++) keys[node] = Math.abs(source[node]);
  else
    for (let node = 0; node < keys.length; node++)
      keys[node] = Math.abs(diff.b.count[node] - diff.a.count[node]);
  return keys;
}

export function nodeLabel(diff: TraceDiff, node: number): string {
  return `${diff.strings[diff.service[node]]} ${diff.strings[diff.name[node]]}`;
}

/** Pushes sibling nodes `from .. to` onto the stack so that they pop in the sort's order; ties keep tree order. */
function pushSiblings(
  stack: number[],
  diff: TraceDiff,
  from: number,
  to: number,
  sort: CompareRowSort,
  keys: Float64Array,
): void {
  if (to - from === 1) {
    stack.push(from);
    return;
  }
  const nodes: number[] = [];
  for (let node = from; node < to; node++) nodes.push(node);
  const direction = sort.descending ? -1 : 1;
  if (sort.column === 'operation')
    nodes.sort((x, y) => direction * nodeLabel(diff, x).localeCompare(nodeLabel(diff, y)) || x - y);
  else nodes.sort((x, y) => direction * (keys[x] - keys[y]) || x - y);
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]);
}

/**
 * The merged tree's visible nodes in display order: depth first, siblings in the sort's order, the
 * subtree of a collapsed node left out. Iterative (an explicit stack).
 */
export function visibleNodes(
  diff: TraceDiff,
  sort: CompareRowSort,
  collapsed: ReadonlySet<number>,
): Uint32Array {
  const keys = sortKeys(diff, sort.column);
  const out = new Uint32Array(diff.count);
  let n = 0;
  const stack: number[] = [];
  pushSiblings(stack, diff, 0, diff.rootCount, sort, keys);
  while (stack.length > 0) {
    const node = stack.pop() as number;
    out[n++] = node;
    if (collapsed.has(node)) continue;
    const from = diff.childStart[node];
    const to = diff.childStart[node + 1];
    if (to > from) pushSiblings(stack, diff, from, to, sort, keys);
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Spans in each node's subtree per side (what a collapsed row carries with its critical-path total). */
export function subtreeCounts(diff: TraceDiff): { a: Uint32Array; b: Uint32Array } {
  const a = diff.a.count.slice();
  const b = diff.b.count.slice();
  // Children are numbered after their parents (0240): one backward pass sums subtrees.
  for (let node = diff.count - 1; node >= 0; node--) {
    const up = diff.parent[node];
    if (up < 0) continue;
    a[up] += a[node];
    b[up] += b[node];
  }
  return { a, b };
}

/** The largest |B − A| of the subtree critical-path time, the scale of the signed bars (at least 1 ns). */
export function barScale(diff: TraceDiff): number {
  let max = 1;
  for (let node = 0; node < diff.count; node++) max = Math.max(max, Math.abs(diff.subtreeCriticalDiff[node]));
  return max;
}

/** What the tree's first paint needs, ready to draw: the worker sends it with the diff (0246). */
export interface CompareRows {
  /** `visibleNodes(diff, DEFAULT_ROW_SORT, nothing collapsed)`. */
  defaultRows: Uint32Array;
  subtreeSpansA: Uint32Array;
  subtreeSpansB: Uint32Array;
  barScale: number;
}

export function compareRows(diff: TraceDiff): CompareRows {
  const counts = subtreeCounts(diff);
  return {
    defaultRows: visibleNodes(diff, DEFAULT_ROW_SORT, new Set()),
    subtreeSpansA: counts.a,
    subtreeSpansB: counts.b,
    barScale: barScale(diff),
  };
}
