// The list of rows the waterfall shows: a preorder walk (iterative, explicit stack) over the CSR
// children, skipping collapsed subtrees and rows outside the `include` mask. O(visible + skipped
// roots), recomputed only when the expanded set or the filter changes, never per frame.
// With `fold`, a group of repeated siblings (decision 0191) has an entry, `groupEntry(table, g)`, where
// its first member was; its members and their subtrees follow it only when it is unfolded.
import type { SiblingGroups } from '../../../analysis/index.ts';
import type { SpanTable } from '../../../model/types.ts';
import type { ExpandedSet } from './expanded.ts';
import { groupEntry } from './group-entries.ts';

export interface Folding {
  groups: SiblingGroups;
  /** 1 for each group shown member by member. */
  unfolded: Uint8Array;
}

export function visibleRows(
  table: SpanTable,
  roots: Uint32Array,
  expanded: ExpandedSet,
  include: Uint8Array | null,
  fold?: Folding,
): Uint32Array {
  const entries = table.count + (fold ? fold.groups.count : 0);
  const out = new Uint32Array(entries);
  let n = 0;
  const stack = new Uint32Array(entries + 1);
  let top = 0;
  for (let r = roots.length - 1; r >= 0; r--) {
    const root = roots[r];
    if (!include || include[root]) stack[top++] = root;
  }
  const { childStart, children } = table;
  const groupOf = fold?.groups.groupOf;
  while (top > 0) {
    const row = stack[--top];
    out[n++] = row;
    if (row >= table.count || !expanded[row]) continue;
    for (let c = childStart[row + 1]; c > childStart[row]; c--) {
      const child = children[c - 1];
      const g = groupOf ? groupOf[child] : -1;
      if (fold && g >= 0) {
        // Met at its last member (children go on the stack last first): the group's entry heads
        // its members, which follow it only when it is unfolded. A filter keeps the entry when any
        // member passes it.
        const from = fold.groups.memberFrom[g];
        let any = !include;
        for (let k = c - 1; k >= from; k--) {
          const member = children[k];
          if (include && !include[member]) continue;
          any = true;
          if (fold.unfolded[g]) stack[top++] = member;
        }
        if (any) stack[top++] = groupEntry(table, g);
        c = from + 1;
        continue;
      }
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
