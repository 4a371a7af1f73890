// Repeated siblings (an N+1 query: 200 `SELECT` under one parent) found as groups the waterfall can
// fold into one row (decision 0191). A group is a run of at least `minRun` consecutive children of one
// parent, in start order, with the same service and operation; members may have children of their
// own (their subtrees fold with them). Roots are never grouped. One pass over the CSR children, plus a
// sort of each group's durations for its median: O(spans + Σ k log k), no recursion.
import type { SpanTable } from '../model/types.ts';
import { SpanFlag } from '../model/types.ts';
import { nearestRankInRange } from './percentile.ts';

/** The smallest run that folds: below it a group row saves little and hides a lot. */
export const DEFAULT_MIN_RUN = 5;

/** Groups as columns; group g's members are `table.children[memberFrom[g] .. memberTo[g])`, in start order. */
export interface SiblingGroups {
  count: number;
  /** The group each row is a member of, -1 for rows in no group. */
  groupOf: Int32Array;
  /** The members' parent row. */
  parent: Uint32Array;
  memberFrom: Uint32Array;
  memberTo: Uint32Array;
  /** Earliest member start and latest member end, ns from the trace start. */
  start: Float64Array;
  end: Float64Array;
  /** Sum and median (nearest rank, decision 0151) of the members' durations, ns. */
  total: Float64Array;
  p50: Float64Array;
  /** Members whose own status is an error. */
  errors: Uint32Array;
}

export function siblingGroups(table: SpanTable, minRun: number = DEFAULT_MIN_RUN): SiblingGroups {
  const { childStart, children, service, name, start, duration, flags } = table;
  const groupOf = new Int32Array(table.count).fill(-1);
  const runs: number[] = []; // [from, to) pairs into `children`
  const run = Math.max(2, Math.floor(minRun));
  for (let parent = 0; parent < table.count; parent++) {
    const to = childStart[parent + 1];
    let from = childStart[parent];
    while (from < to) {
      const first = children[from];
      let end = from + 1;
      while (end < to && service[children[end]] === service[first] && name[children[end]] === name[first])
        end++;
      if (end - from >= run) runs.push(from, end);
      from = end;
    }
  }
  const count = runs.length / 2;
  const groups: SiblingGroups = {
    count,
    groupOf,
    parent: new Uint32Array(count),
    memberFrom: new Uint32Array(count),
    memberTo: new Uint32Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    total: new Float64Array(count),
    p50: new Float64Array(count),
    errors: new Uint32Array(count),
  };
  let longest = 0;
  for (let g = 0; g < count; g++) longest = Math.max(longest, runs[2 * g + 1] - runs[2 * g]);
  const durations = new Float64Array(longest);
  for (let g = 0; g < count; g++) {
    const from = runs[2 * g];
    const to = runs[2 * g + 1];
    groups.parent[g] = table.parent[children[from]];
    groups.memberFrom[g] = from;
    groups.memberTo[g] = to;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let total = 0;
    let errors = 0;
    for (let k = from; k < to; k++) {
      const row = children[k];
      groupOf[row] = g;
      const d = Math.max(0, duration[row]);
      durations[k - from] = d;
      total += d;
      if (start[row] < first) first = start[row];
      if (start[row] + d > last) last = start[row] + d;
      if (flags[row] & SpanFlag.Error) errors++;
    }
    const sorted = durations.subarray(0, to - from).sort();
    groups.start[g] = first;
    groups.end[g] = last;
    groups.total[g] = total;
    groups.p50[g] = nearestRankInRange(sorted, 0, sorted.length, 0.5);
    groups.errors[g] = errors;
  }
  return groups;
}

/**
 * 1 for each group with a marked row among its members or anywhere below them (a group holding a
 * critical-path span, an error, a find match shows it). Each marked row walks up to the first row an
 * earlier walk passed, so the whole pass is O(spans) however deep the tree.
 */
export function groupsContaining(
  table: SpanTable,
  groups: SiblingGroups,
  marked: (row: number) => boolean,
): Uint8Array {
  const out = new Uint8Array(groups.count);
  if (groups.count === 0) return out;
  const seen = new Uint8Array(table.count);
  for (let row = 0; row < table.count; row++) {
    if (!marked(row)) continue;
    for (let r = row; r >= 0 && !seen[r]; r = table.parent[r]) {
      seen[r] = 1;
      if (groups.groupOf[r] >= 0) out[groups.groupOf[r]] = 1;
    }
  }
  return out;
}

/** The groups `row` is inside (as a member or below one), innermost first: those to unfold to show it. */
export function groupsAbove(table: SpanTable, groups: SiblingGroups, row: number): number[] {
  const out: number[] = [];
  for (let r = row; r >= 0; r = table.parent[r]) if (groups.groupOf[r] >= 0) out.push(groups.groupOf[r]);
  return out;
}

/** Whether `row` is `ancestor` or below it. */
export function isInSubtree(table: SpanTable, row: number, ancestor: number): boolean {
  for (let r = row; r >= 0; r = table.parent[r]) if (r === ancestor) return true;
  return false;
}
