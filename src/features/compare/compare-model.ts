// What the compare screen draws from the merged tree (decision 0244): the visible rows in the
// URL's sort with collapsed nodes' subtrees left out, the differences per service or per
// operation, and the error differences. Iterative; nothing here is O(spans) per frame: rows are
// computed once per sort or collapse, groups and errors once per diff.
import type { TraceDiff } from '../../analysis/compare/index.ts';
import { SpanFlag } from '../../model/types.ts';
import type { CompareGroup, CompareSortColumn } from '../../routes/compare-url.ts';
import type { UrlSort } from '../../routes/params.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

/** Per node, the size the sort compares (|B − A| of the column); empty for the name sort. */
function sortKeys(diff: TraceDiff, column: CompareSortColumn): Float64Array {
  const keys = new Float64Array(column === 'operation' ? 0 : diff.count);
  for (let node = 0; node < keys.length; node++) {
    keys[node] = Math.abs(
      column === 'critical-path'
        ? diff.subtreeCriticalDiff[node]
        : column === 'self'
          ? diff.selfDiff[node]
          : column === 'total'
            ? diff.totalDiff[node]
            : diff.b.count[node] - diff.a.count[node],
    );
  }
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
  sort: UrlSort<CompareSortColumn>,
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
  sort: UrlSort<CompareSortColumn>,
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
  return out.slice(0, n);
}

export function hasChildren(diff: TraceDiff, node: number): boolean {
  return diff.childStart[node + 1] > diff.childStart[node];
}

/** Differences of one service, or one service's operation, summed over its nodes. */
export interface GroupDifference {
  service: string;
  /** Absent when grouped by service. */
  operation?: string;
  spansA: number;
  spansB: number;
  errorsA: number;
  errorsB: number;
  criticalDiff: number;
  selfDiff: number;
  totalDiff: number;
}

/** Per service (or per service and operation), largest critical-path change first. */
export function groupDifferences(diff: TraceDiff, group: CompareGroup): GroupDifference[] {
  const groups = new Map<number, GroupDifference>();
  const stride = diff.strings.length;
  for (let node = 0; node < diff.count; node++) {
    const service = diff.service[node];
    const key = group === 'service' ? service : service * stride + diff.name[node];
    let entry = groups.get(key);
    if (!entry) {
      entry = {
        service: diff.strings[service],
        operation: group === 'operation' ? diff.strings[diff.name[node]] : undefined,
        spansA: 0,
        spansB: 0,
        errorsA: 0,
        errorsB: 0,
        criticalDiff: 0,
        selfDiff: 0,
        totalDiff: 0,
      };
      groups.set(key, entry);
    }
    entry.spansA += diff.a.count[node];
    entry.spansB += diff.b.count[node];
    entry.errorsA += diff.a.errors[node];
    entry.errorsB += diff.b.errors[node];
    entry.criticalDiff += diff.criticalDiff[node];
    entry.selfDiff += diff.selfDiff[node];
    entry.totalDiff += diff.totalDiff[node];
  }
  return [...groups.values()].sort(
    (x, y) =>
      Math.abs(y.criticalDiff) - Math.abs(x.criticalDiff) ||
      Math.abs(y.selfDiff) - Math.abs(x.selfDiff) ||
      x.service.localeCompare(y.service) ||
      (x.operation ?? '').localeCompare(y.operation ?? ''),
  );
}

/** A node whose spans fail more (or less) often in B than in A, with B's (or A's) status messages. */
export interface ErrorDifference {
  node: number;
  errorsA: number;
  errorsB: number;
  spansA: number;
  spansB: number;
  /** Distinct status messages of the failing spans on the side that fails more, at most 3. */
  messages: string[];
}

const MAX_MESSAGES = 3;

function statusMessages(trace: Pick<LoadedTrace, 'table'>, diff: TraceDiff, side: 'a' | 'b', node: number) {
  const figures = diff[side];
  const table = trace.table;
  const messages = new Set<string>();
  for (let m = figures.memberStart[node]; m < figures.memberStart[node + 1]; m++) {
    const row = figures.members[m];
    const text = table.strings[table.statusMessage[row]];
    if ((table.flags[row] & SpanFlag.Error) !== 0 && text) messages.add(text);
    if (messages.size >= MAX_MESSAGES) break;
  }
  return [...messages];
}

/**
 * Nodes that fail in B and not (or less) in A first, most new failures first, then nodes that
 * failed in A and no longer (or less) in B.
 */
export function errorDifferences(
  diff: TraceDiff,
  a: Pick<LoadedTrace, 'table'>,
  b: Pick<LoadedTrace, 'table'>,
): ErrorDifference[] {
  const out: ErrorDifference[] = [];
  for (let node = 0; node < diff.count; node++) {
    const errorsA = diff.a.errors[node];
    const errorsB = diff.b.errors[node];
    if (errorsA === errorsB) continue;
    out.push({
      node,
      errorsA,
      errorsB,
      spansA: diff.a.count[node],
      spansB: diff.b.count[node],
      messages: errorsB > errorsA ? statusMessages(b, diff, 'b', node) : statusMessages(a, diff, 'a', node),
    });
  }
  return out.sort((x, y) => y.errorsB - y.errorsA - (x.errorsB - x.errorsA) || x.node - y.node);
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
