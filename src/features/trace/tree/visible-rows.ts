// The list of rows the waterfall shows: a preorder walk (iterative, explicit stack) over the CSR
// children, skipping collapsed subtrees and rows outside the `include` mask. O(visible + skipped
// roots), recomputed only when the expanded set or the filter changes, never per frame.
import type { SpanTable } from '../../../model/types.ts';
import type { ExpandedSet } from './expanded.ts';

export function visibleRows(
  table: SpanTable,
  roots: Uint32Array,
  expanded: ExpandedSet,
  include: Uint8Array | null,
): Uint32Array {
  const out = new Uint32Array(table.count);
  let n = 0;
  const stack = new Uint32Array(table.count + 1);
  let top = 0;
  for (let r = roots.length - 1; r >= 0; r--) {
    const root = roots[r];
    if (!include || include[root]) stack[top++] = root;
  }
  const { childStart, children } = table;
  while (top > 0) {
    const row = stack[--top];
    out[n++] = row;
    if (!expanded[row]) continue;
    for (let c = childStart[row + 1]; c > childStart[row]; c--) {
      const child = children[c - 1];
      if (!include || include[child]) stack[top++] = child;
    }
  }
  return out.subarray(0, n);
}

/** Preorder position of every row with everything expanded (the overview's vertical order). */
export function preorderIndex(table: SpanTable, roots: Uint32Array): Uint32Array {
  const order = visibleRows(table, roots, new Uint8Array(table.count).fill(1), null);
  const index = new Uint32Array(table.count);
  for (let i = 0; i < order.length; i++) index[order[i]] = i;
  return index;
}

/** A mask of `matches` plus all their ancestors ("show only matches, with their ancestors"). */
export function withAncestors(table: SpanTable, matches: Uint32Array): Uint8Array {
  const mask = new Uint8Array(table.count);
  for (let i = 0; i < matches.length; i++) {
    let row = matches[i];
    while (row >= 0 && !mask[row]) {
      mask[row] = 1;
      row = table.parent[row];
    }
  }
  return mask;
}
