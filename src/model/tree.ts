// Tree building over the columns: parent resolution by span ID, orphans, duplicate IDs, cycles and
// self-parents broken, CSR children sorted by start, depth and roots. Everything is iterative: a chain
// 100,000 deep and a span with 50,000 children are ordinary inputs.

import { SpanIdIndex } from './span-index.ts';
import { SpanFlag, SpanKind, type TraceWarning } from './types.ts';

/** How a row names its parent. */
export const ParentForm = { None: 0, Id: 1, Odd: 2 } as const;

export interface TreeInput {
  count: number;
  idHi: Uint32Array;
  idLo: Uint32Array;
  /** Rows whose own span ID is odd (not hex), with the ID as given. */
  oddIds: Map<number, string>;
  parentHi: Uint32Array;
  parentLo: Uint32Array;
  parentForm: Uint8Array;
  oddParents: Map<number, string>;
  service: Uint32Array;
  kind: Uint8Array;
  start: Float64Array;
  /** Updated in place: Orphan and DuplicateId bits are set. */
  flags: Uint16Array;
}

export interface TreeOutput {
  parent: Int32Array;
  depth: Uint32Array;
  childStart: Uint32Array;
  children: Uint32Array;
  roots: Uint32Array;
  maxDepth: number;
  orphans: number;
  warnings: TraceWarning[];
}

/** Rows listed in one warning at most; the flags carry the rest. */
const MAX_WARNING_ROWS = 1000;

export function buildTree(input: TreeInput): TreeOutput {
  const { count, idHi, idLo, oddIds, parentHi, parentLo, parentForm, oddParents, service, kind, flags } =
    input;
  const warnings: TraceWarning[] = [];
  const index = new SpanIdIndex(idHi, idLo, count, oddIds.size > 0 ? (row) => oddIds.has(row) : undefined);
  const oddIndex = new Map<string, number[]>();
  for (const [row, id] of oddIds) {
    const list = oddIndex.get(id);
    if (list) list.push(row);
    else oddIndex.set(id, [row]);
  }

  const parent = new Int32Array(count).fill(-1);
  const orphanRows: number[] = [];
  const selfRows: number[] = [];
  const duplicateRows: number[] = [];
  let duplicates = 0;
  let orphans = 0;

  for (let row = 0; row < count; row++) {
    const form = parentForm[row];
    if (form === ParentForm.None) continue;
    let candidate = -1;
    let sawSelf = false;
    if (form === ParentForm.Id) {
      const first = index.find(parentHi[row], parentLo[row]);
      if (first >= 0 && index.next(first) < 0) {
        if (first === row) sawSelf = true;
        else candidate = first;
      } else if (first >= 0) {
        candidate = pickAmongDuplicates(first, row, index, service, kind);
        if (candidate < 0) sawSelf = true;
      }
    } else {
      const list = oddIndex.get(oddParents.get(row) ?? '');
      if (list) {
        for (const r of list) {
          if (r === row) sawSelf = true;
          else if (candidate < 0 || service[r] === service[row]) candidate = r;
        }
      }
    }
    if (candidate >= 0) parent[row] = candidate;
    else if (sawSelf) selfRows.push(row);
    else {
      flags[row] |= SpanFlag.Orphan;
      orphans++;
      if (orphanRows.length < MAX_WARNING_ROWS) orphanRows.push(row);
    }
  }

  // Duplicate IDs: rows are kept apart. A SERVER half sharing its ID with a CLIENT half (Zipkin's shared
  // spans) becomes the CLIENT half's child. The index saw whether any exist, so usually no row is looked up.
  for (let row = 0; index.hasDuplicates && row < count; row++) {
    if (oddIds.has(row)) continue;
    const first = index.find(idHi[row], idLo[row]);
    if (first === row && index.next(row) < 0) continue;
    flags[row] |= SpanFlag.DuplicateId;
    duplicates++;
    if (duplicateRows.length < MAX_WARNING_ROWS) duplicateRows.push(row);
    if (kind[row] !== SpanKind.Server) continue;
    for (let r = first; r >= 0; r = index.next(r)) {
      if (r !== row && kind[r] === SpanKind.Client) {
        if (flags[row] & SpanFlag.Orphan) {
          flags[row] &= ~SpanFlag.Orphan;
          orphans--;
          const at = orphanRows.indexOf(row);
          if (at >= 0) orphanRows.splice(at, 1);
        }
        parent[row] = r;
        break;
      }
    }
  }

  for (const rows of oddIndex.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) {
      flags[row] |= SpanFlag.DuplicateId;
      duplicates++;
      if (duplicateRows.length < MAX_WARNING_ROWS) duplicateRows.push(row);
    }
  }

  if (selfRows.length > 0) {
    warnings.push({
      kind: 'cycle',
      message: `${selfRows.length} span(s) name themselves as parent; shown as roots`,
      rows: selfRows.slice(0, MAX_WARNING_ROWS),
    });
  }
  if (orphans > 0) {
    warnings.push({
      kind: 'orphan',
      message: `${orphans} span(s) name a parent that is not in the trace; shown as separate roots`,
      rows: orphanRows,
    });
  }
  if (duplicateRows.length > 0) {
    warnings.push({
      kind: 'duplicate-id',
      message: `${duplicates} span(s) share their span ID with another span; kept apart`,
      rows: duplicateRows,
    });
  }

  breakCycles(parent, input.start, warnings);

  const { childStart, children } = buildChildren(parent, input.start);
  const roots = sortedRoots(parent, input.start);
  const { depth, maxDepth } = computeDepth(roots, childStart, children, count);
  return { parent, depth, childStart, children, roots, maxDepth, orphans, warnings };
}

function pickAmongDuplicates(
  first: number,
  row: number,
  index: SpanIdIndex,
  service: Uint32Array,
  kind: Uint8Array,
): number {
  // Prefer the half in the child's own service (Zipkin: a child of a shared span lives with its server
  // half), then a SERVER half, then the first.
  let sameService = -1;
  let server = -1;
  let any = -1;
  for (let r = first; r >= 0; r = index.next(r)) {
    if (r === row) continue;
    if (any < 0) any = r;
    if (sameService < 0 && service[r] === service[row]) sameService = r;
    if (server < 0 && kind[r] === SpanKind.Server) server = r;
  }
  return sameService >= 0 ? sameService : server >= 0 ? server : any;
}

/** Walks up from every row; a walk that meets itself is a cycle, cut at its earliest-starting span. */
function breakCycles(parent: Int32Array, start: Float64Array, warnings: TraceWarning[]): void {
  const count = parent.length;
  // 0 unvisited, 1 on the current walk, 2 done.
  const state = new Uint8Array(count);
  const walk: number[] = [];
  const cutRows: number[] = [];
  for (let row = 0; row < count; row++) {
    if (state[row] !== 0) continue;
    walk.length = 0;
    let r = row;
    while (r >= 0 && state[r] === 0) {
      state[r] = 1;
      walk.push(r);
      r = parent[r];
    }
    if (r >= 0 && state[r] === 1) {
      // r is on the current walk: the cycle is r … last of walk.
      let cut = r;
      for (let i = walk.length - 1; i >= 0; i--) {
        const c = walk[i];
        if (start[c] < start[cut] || (start[c] === start[cut] && c < cut)) cut = c;
        if (c === r) break;
      }
      parent[cut] = -1;
      cutRows.push(cut);
    }
    for (const w of walk) state[w] = 2;
  }
  if (cutRows.length > 0) {
    warnings.push({
      kind: 'cycle',
      message: `${cutRows.length} parent cycle(s) broken; the earliest span of each is shown as a root`,
      rows: cutRows.slice(0, MAX_WARNING_ROWS),
    });
  }
}

function buildChildren(
  parent: Int32Array,
  start: Float64Array,
): { childStart: Uint32Array; children: Uint32Array } {
  const count = parent.length;
  const childStart = new Uint32Array(count + 1);
  for (let row = 0; row < count; row++) {
    const p = parent[row];
    if (p >= 0) childStart[p + 1]++;
  }
  for (let i = 0; i < count; i++) childStart[i + 1] += childStart[i];
  const fill = childStart.slice(0, count);
  const children = new Uint32Array(childStart[count]);
  for (let row = 0; row < count; row++) {
    const p = parent[row];
    if (p >= 0) children[fill[p]++] = row;
  }
  for (let p = 0; p < count; p++) sortByStart(children, childStart[p], childStart[p + 1], start);
  return { childStart, children };
}

/**
 * Sorts rows[from, to) by start, then row (the order of roots and of each span's children); skips the
 * sort when already in order (the common case).
 */
export function sortByStart(rows: Uint32Array, from: number, to: number, start: Float64Array): void {
  if (to - from < 2) return;
  let sorted = true;
  for (let i = from + 1; i < to; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    if (start[a] > start[b] || (start[a] === start[b] && a > b)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  rows.subarray(from, to).sort((a, b) => start[a] - start[b] || a - b);
}

function sortedRoots(parent: Int32Array, start: Float64Array): Uint32Array {
  let n = 0;
  for (let row = 0; row < parent.length; row++) if (parent[row] < 0) n++;
  const roots = new Uint32Array(n);
  n = 0;
  for (let row = 0; row < parent.length; row++) if (parent[row] < 0) roots[n++] = row;
  sortByStart(roots, 0, roots.length, start);
  return roots;
}

function computeDepth(
  roots: Uint32Array,
  childStart: Uint32Array,
  children: Uint32Array,
  count: number,
): { depth: Uint32Array; maxDepth: number } {
  const depth = new Uint32Array(count);
  const queue = new Uint32Array(count);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < roots.length; i++) queue[tail++] = roots[i];
  let maxDepth = 0;
  while (head < tail) {
    const row = queue[head++];
    const d = depth[row] + 1;
    for (let c = childStart[row]; c < childStart[row + 1]; c++) {
      const child = children[c];
      depth[child] = d;
      if (d > maxDepth) maxDepth = d;
      queue[tail++] = child;
    }
  }
  return { depth, maxDepth };
}
