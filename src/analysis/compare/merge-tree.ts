// Trace compare, matching (decision 0240): the spans of traces A and B merged into one tree by their
// path from the root. A node is one (service, operation) under its parent node; every span of A and
// of B with that path is a member of it, so 200 `SELECT` under one parent are one node with counts.
// The k-th member of A is matched with the k-th of B (members in parent order, then start order);
// a node with members on one side only is added (B only) or removed (A only). Breadth first, no
// recursion: O(spans) plus one map lookup per span.
import type { SpanTable, Trace } from '../../model/types.ts';
import { SpanFlag } from '../../model/types.ts';
import { criticalPath } from '../critical-path.ts';
import { darkTime, selfTime } from '../dark-time.ts';
import { cleanDuration } from '../intervals.ts';

export type CompareTrace = Pick<Trace, 'table' | 'roots' | 'durationNs'>;

/** One side's trace with the per-span analyses the compare sums (the trace screen has them already). */
export interface CompareSide {
  /** Only the table, the roots and the duration are read (the worker's copies have no details). */
  trace: CompareTrace;
  /** Per row, ns of the critical path spent in the span's own segments (`CriticalPath.timeOnPath`). */
  timeOnPath: Float64Array;
  /** Per row, `selfTime(trace)`. */
  self: Float64Array;
  /** Per row, `DarkTime.perSpan`. */
  dark: Float64Array;
  /** `CriticalPath.length`. */
  criticalPathLength: number;
}

/** The analyses of one trace as the compare needs them, computed with the existing ones (0006, 0007). */
export function compareSide(trace: Trace): CompareSide {
  const path = criticalPath(trace);
  return {
    trace,
    timeOnPath: path.timeOnPath,
    self: selfTime(trace),
    dark: darkTime(trace, path, { topN: 0 }).perSpan,
    criticalPathLength: path.length,
  };
}

/** Per-node figures of one side; sums over the node's members, ns. */
export interface SideFigures {
  /** Members (spans with this path). */
  count: Uint32Array;
  /** Members whose own status is an error. */
  errors: Uint32Array;
  total: Float64Array;
  self: Float64Array;
  dark: Float64Array;
  /** Time on the critical path in the members' own segments. */
  critical: Float64Array;
  /** `critical` summed over the node and every node below it (what a collapsed row carries). */
  subtreeCritical: Float64Array;
  /** The node each row of this side's trace is in. */
  nodeOfRow: Uint32Array;
  /** Members of node k: `members[memberStart[k] .. memberStart[k + 1])`, parent order then start order. */
  memberStart: Uint32Array;
  members: Uint32Array;
}

/**
 * The merged tree, columnar. Nodes are numbered breadth first; the top-level nodes (from the roots,
 * orphans included) are `0 .. rootCount`, and node k's children are the consecutive nodes
 * `childStart[k] .. childStart[k + 1]`, in order of first appearance (A's start order, then B's).
 */
export interface TraceDiff {
  count: number;
  rootCount: number;
  /** Parent node, -1 for a top-level node. */
  parent: Int32Array;
  depth: Uint32Array;
  childStart: Uint32Array;
  /** Indices into `strings`. */
  service: Uint32Array;
  name: Uint32Array;
  /** The services and operations of both traces; index 0 is "". */
  strings: string[];
  a: SideFigures;
  b: SideFigures;
  /** B − A per node, ns. */
  totalDiff: Float64Array;
  selfDiff: Float64Array;
  darkDiff: Float64Array;
  criticalDiff: Float64Array;
  subtreeCriticalDiff: Float64Array;
  /** Trace durations and critical path lengths, ns. */
  durationA: number;
  durationB: number;
  criticalPathA: number;
  criticalPathB: number;
}

/** Whether the node has spans in A only, B only, or both. */
export type NodeChange = 'added' | 'removed' | 'matched';

export function nodeChange(diff: TraceDiff, node: number): NodeChange {
  if (diff.a.count[node] === 0) return 'added';
  if (diff.b.count[node] === 0) return 'removed';
  return 'matched';
}

/** The row in B matched with the k-th member of A in this node, or -1 when B has fewer members. */
export function matchedInB(diff: TraceDiff, node: number, k: number): number {
  return k < diff.b.count[node] ? diff.b.members[diff.b.memberStart[node] + k] : -1;
}

class Strings {
  readonly list: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);
  /** Maps a trace's string table onto the merged one. */
  remap(strings: readonly string[]): Uint32Array {
    const out = new Uint32Array(strings.length);
    for (let i = 0; i < strings.length; i++) {
      let at = this.index.get(strings[i]);
      if (at === undefined) {
        at = this.list.length;
        this.list.push(strings[i]);
        this.index.set(strings[i], at);
      }
      out[i] = at;
    }
    return out;
  }
}

/** Growable node columns (node count is at most spans of A + spans of B). */
interface Builder {
  count: number;
  parent: Int32Array;
  depth: Uint32Array;
  service: Uint32Array;
  name: Uint32Array;
  countA: Uint32Array;
  countB: Uint32Array;
}

interface SideInput {
  table: SpanTable;
  roots: Uint32Array;
  serviceOf: Uint32Array;
  nameOf: Uint32Array;
  nodeOfRow: Uint32Array;
  members: Uint32Array;
  memberStart: Uint32Array;
  cursor: number;
}

function sideInput(trace: CompareTrace, strings: Strings, maxNodes: number): SideInput {
  const map = strings.remap(trace.table.strings);
  const n = trace.table.count;
  const serviceOf = new Uint32Array(n);
  const nameOf = new Uint32Array(n);
  for (let row = 0; row < n; row++) {
    serviceOf[row] = map[trace.table.service[row]];
    nameOf[row] = map[trace.table.name[row]];
  }
  return {
    table: trace.table,
    roots: trace.roots,
    serviceOf,
    nameOf,
    nodeOfRow: new Uint32Array(n),
    members: new Uint32Array(n),
    memberStart: new Uint32Array(maxNodes + 1),
    cursor: 0,
  };
}

/**
 * Assigns the given rows (children of one node's members, or the roots) to child nodes keyed by
 * service and operation, creating nodes on first sight. `rows(visit)` calls visit for each row.
 */
function assign(
  tree: Builder,
  side: SideInput,
  counts: Uint32Array,
  keyed: Map<number, number>,
  parentNode: number,
  depth: number,
  rows: (visit: (row: number) => void) => void,
  stringCount: number,
): void {
  rows((row) => {
    const key = side.serviceOf[row] * stringCount + side.nameOf[row];
    let node = keyed.get(key);
    if (node === undefined) {
      node = tree.count++;
      keyed.set(key, node);
      tree.parent[node] = parentNode;
      tree.depth[node] = depth;
      tree.service[node] = side.serviceOf[row];
      tree.name[node] = side.nameOf[row];
    }
    side.nodeOfRow[row] = node;
    counts[node]++;
  });
}

/** Gives the nodes `from .. to` consecutive member ranges and fills them in visit order. */
function placeMembers(
  side: SideInput,
  counts: Uint32Array,
  from: number,
  to: number,
  rows: (visit: (row: number) => void) => void,
): void {
  const fill = new Uint32Array(to - from);
  for (let node = from; node < to; node++) {
    side.memberStart[node] = side.cursor;
    fill[node - from] = side.cursor;
    side.cursor += counts[node];
  }
  rows((row) => {
    side.members[fill[side.nodeOfRow[row] - from]++] = row;
  });
}

function childrenOfMembers(side: SideInput, node: number, counts: Uint32Array) {
  const { childStart, children } = side.table;
  const first = side.memberStart[node];
  const last = first + counts[node];
  return (visit: (row: number) => void) => {
    for (let m = first; m < last; m++) {
      const member = side.members[m];
      for (let c = childStart[member]; c < childStart[member + 1]; c++) visit(children[c]);
    }
  };
}

function rootsOf(side: SideInput) {
  return (visit: (row: number) => void) => {
    for (let i = 0; i < side.roots.length; i++) visit(side.roots[i]);
  };
}

function sideFigures(input: SideInput, side: CompareSide, tree: Builder, counts: Uint32Array): SideFigures {
  const n = tree.count;
  const { table } = input;
  const figures: SideFigures = {
    count: counts.slice(0, n),
    errors: new Uint32Array(n),
    total: new Float64Array(n),
    self: new Float64Array(n),
    dark: new Float64Array(n),
    critical: new Float64Array(n),
    subtreeCritical: new Float64Array(n),
    nodeOfRow: input.nodeOfRow,
    memberStart: input.memberStart.slice(0, n + 1),
    members: input.members,
  };
  figures.memberStart[n] = input.cursor;
  for (let row = 0; row < table.count; row++) {
    const node = input.nodeOfRow[row];
    figures.total[node] += cleanDuration(table.duration[row]);
    figures.self[node] += side.self[row];
    figures.dark[node] += side.dark[row];
    figures.critical[node] += side.timeOnPath[row];
    if ((table.flags[row] & SpanFlag.Error) !== 0) figures.errors[node]++;
  }
  figures.subtreeCritical.set(figures.critical);
  // Children are numbered after their parents: one backward pass sums subtrees.
  for (let node = n - 1; node >= 0; node--) {
    const up = tree.parent[node];
    if (up >= 0) figures.subtreeCritical[up] += figures.subtreeCritical[node];
  }
  return figures;
}

function difference(b: Float64Array, a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = b[i] - a[i];
  return out;
}

/** Merges A and B into one tree by path from the root and sums each side's figures per node. */
export function compareTraces(sideA: CompareSide, sideB: CompareSide): TraceDiff {
  const strings = new Strings();
  const maxNodes = sideA.trace.table.count + sideB.trace.table.count;
  const a = sideInput(sideA.trace, strings, maxNodes);
  const b = sideInput(sideB.trace, strings, maxNodes);
  const stringCount = strings.list.length;
  const tree: Builder = {
    count: 0,
    parent: new Int32Array(maxNodes),
    depth: new Uint32Array(maxNodes),
    service: new Uint32Array(maxNodes),
    name: new Uint32Array(maxNodes),
    countA: new Uint32Array(maxNodes),
    countB: new Uint32Array(maxNodes),
  };
  const childStart = new Uint32Array(maxNodes + 1);
  const keyed = new Map<number, number>();

  assign(tree, a, tree.countA, keyed, -1, 0, rootsOf(a), stringCount);
  assign(tree, b, tree.countB, keyed, -1, 0, rootsOf(b), stringCount);
  const rootCount = tree.count;
  placeMembers(a, tree.countA, 0, rootCount, rootsOf(a));
  placeMembers(b, tree.countB, 0, rootCount, rootsOf(b));

  // Breadth first over nodes: a node's children are created (and their members placed) when it is
  // reached, so children of node k are consecutive and member ranges follow node order.
  for (let node = 0; node < tree.count; node++) {
    keyed.clear();
    const from = tree.count;
    childStart[node] = from;
    const childrenA = childrenOfMembers(a, node, tree.countA);
    const childrenB = childrenOfMembers(b, node, tree.countB);
    assign(tree, a, tree.countA, keyed, node, tree.depth[node] + 1, childrenA, stringCount);
    assign(tree, b, tree.countB, keyed, node, tree.depth[node] + 1, childrenB, stringCount);
    placeMembers(a, tree.countA, from, tree.count, childrenA);
    placeMembers(b, tree.countB, from, tree.count, childrenB);
  }
  const count = tree.count;
  childStart[count] = count;
  // childStart[k] was set when k was reached; a node without children has an empty range there.
  const figuresA = sideFigures(a, sideA, tree, tree.countA);
  const figuresB = sideFigures(b, sideB, tree, tree.countB);
  return {
    count,
    rootCount,
    parent: tree.parent.slice(0, count),
    depth: tree.depth.slice(0, count),
    childStart: childStart.slice(0, count + 1),
    service: tree.service.slice(0, count),
    name: tree.name.slice(0, count),
    strings: strings.list,
    a: figuresA,
    b: figuresB,
    totalDiff: difference(figuresB.total, figuresA.total),
    selfDiff: difference(figuresB.self, figuresA.self),
    darkDiff: difference(figuresB.dark, figuresA.dark),
    criticalDiff: difference(figuresB.critical, figuresA.critical),
    subtreeCriticalDiff: difference(figuresB.subtreeCritical, figuresA.subtreeCritical),
    durationA: sideA.trace.durationNs,
    durationB: sideB.trace.durationNs,
    criticalPathA: sideA.criticalPathLength,
    criticalPathB: sideB.criticalPathLength,
  };
}
