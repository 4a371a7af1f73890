// The expanded set as a bitset over rows (1 = children shown). Rows without children are ignored.
import type { SpanTable } from '../../../model/types.ts';

export type ExpandedSet = Uint8Array;

export function allExpanded(table: SpanTable): ExpandedSet {
  return new Uint8Array(table.count).fill(1);
}

export function allCollapsed(table: SpanTable): ExpandedSet {
  return new Uint8Array(table.count);
}

/** Rows shallower than `depth` expanded, the rest collapsed (depth 1 shows roots and their children). */
export function expandedToDepth(table: SpanTable, depth: number): ExpandedSet {
  const out = new Uint8Array(table.count);
  const d = table.depth;
  for (let row = 0; row < table.count; row++) out[row] = d[row] < depth ? 1 : 0;
  return out;
}

export function hasChildren(table: SpanTable, row: number): boolean {
  return table.childStart[row + 1] > table.childStart[row];
}

export function toggled(set: ExpandedSet, row: number): ExpandedSet {
  const next = set.slice();
  next[row] = set[row] ? 0 : 1;
  return next;
}

/** Expands every ancestor of `row` so it becomes visible. Returns the same set when nothing changes. */
export function revealed(table: SpanTable, set: ExpandedSet, row: number): ExpandedSet {
  let next: ExpandedSet | null = null;
  for (let p = table.parent[row]; p >= 0; p = table.parent[p]) {
    if (!set[p]) {
      next ??= set.slice();
      next[p] = 1;
    }
  }
  return next ?? set;
}
